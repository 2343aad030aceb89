//===- MatmulFMA.cpp - matmul on dequantized tiles, FMA dot products ------===//
//
// A 16 x 16 block of threads computes a 16 x 16 tile of C. Per step of KT
// along K (a power of two up to 32 dividing K), the block dequantizes a
// 16 x KT tile of A and of B into shared memory (f32, zero outside M and N),
// then each thread accumulates its element's dot product over the step.
//
//===----------------------------------------------------------------------===//

#include "DeviceSession.h"
#include "Matmul.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::nvvm;

namespace {
constexpr int64_t kTile = 16;
} // namespace

/// `operand`'s rows [tileStart, tileStart + 16) x cols [k0, k0 + kt),
/// dequantized, into the shared `tile`; zeros past the last row.
static void loadTile(OpBuilder &b, Location loc, const MatmulOperand &operand,
                     Value tile, Value tileStart, Value k0, int64_t kt,
                     Value thread, int64_t threads) {
  stageTile(
      b, loc, operand, tile, kTile, kt, tileStart, thread, threads,
      [&](OpBuilder &b, Location loc, Value row, Value kk) {
        return operand.load(b, loc, row, arith::AddIOp::create(b, loc, k0, kk));
      },
      b.getF32FloatAttr(0));
}

void nvvm::emitFMAMatmul(OpBuilder &b, Location loc, DeviceSession &session,
                         const MatmulProblem &problem) {
  int64_t kt = std::min<int64_t>(32, problem.k & -problem.k);
  constexpr int64_t threads = kTile * kTile;
  auto [blocks, tilesN] = getTileGrid(b, loc, problem, kTile, kTile);
  auto shared =
      gpu::AddressSpaceAttr::get(b.getContext(), gpu::AddressSpace::Workgroup);
  auto tileType = MemRefType::get({kTile, kt}, b.getF32Type(),
                                  MemRefLayoutAttrInterface(), shared);
  session.launch(
      blocks, threads, {tileType, tileType},
      [&](OpBuilder &b, Location loc, Value block, Value thread,
          ValueRange tiles) {
        auto c = [&](int64_t v) { return indexConstant(b, loc, v); };
        Value rowStart = arith::MulIOp::create(
            b, loc, arith::DivUIOp::create(b, loc, block, tilesN), c(kTile));
        Value colStart = arith::MulIOp::create(
            b, loc, arith::RemUIOp::create(b, loc, block, tilesN), c(kTile));
        Value ty = arith::DivUIOp::create(b, loc, thread, c(kTile));
        Value tx = arith::RemUIOp::create(b, loc, thread, c(kTile));
        Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
        auto steps = scf::ForOp::create(
            b, loc, c(0), c(problem.k), c(kt), ValueRange{zero},
            [&](OpBuilder &b, Location loc, Value k0, ValueRange acc) {
              loadTile(b, loc, problem.a, tiles[0], rowStart, k0, kt, thread,
                       threads);
              loadTile(b, loc, problem.b, tiles[1], colStart, k0, kt, thread,
                       threads);
              gpu::BarrierOp::create(b, loc);
              auto dot = scf::ForOp::create(
                  b, loc, c(0), c(kt), c(1), acc,
                  [&](OpBuilder &b, Location loc, Value kk, ValueRange sum) {
                    Value x = memref::LoadOp::create(b, loc, tiles[0],
                                                     ValueRange{ty, kk});
                    Value y = memref::LoadOp::create(b, loc, tiles[1],
                                                     ValueRange{tx, kk});
                    Value product = arith::MulFOp::create(b, loc, x, y);
                    scf::YieldOp::create(b, loc,
                                         ValueRange{arith::AddFOp::create(
                                             b, loc, sum[0], product)});
                  });
              gpu::BarrierOp::create(b, loc);
              scf::YieldOp::create(b, loc, dot.getResults());
            });
        problem.storeResult(b, loc, steps.getResult(0),
                            arith::AddIOp::create(b, loc, rowStart, ty),
                            arith::AddIOp::create(b, loc, colStart, tx));
      });
}
