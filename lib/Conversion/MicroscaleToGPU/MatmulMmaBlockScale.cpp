//===- MatmulMmaBlockScale.cpp - sm_120a warp-level block-scaled MMA ------===//
//
// Four warps compute a 64 x 32 tile of C, each warp 16 rows by four 16 x 8
// tiles of `mma.sync.aligned.m16n8k{64,32}.row.col.kind::{mxf4nvf4,
// mxf8f6f4}.block_scale` (nvvm.mma.block_scale). Per step of one MMA's K
// (64 FP4 elements, or 32 of kind::mxf8f6f4: 32 bytes of a row either way)
// the block stages in shared memory:
//   - the 64 and 32 rows of A and B as eight 32-bit words per row, each word
//     the register an MMA operand takes (BlockScaleStaging.h);
//   - one 32-bit word of scale codes per row, byte c the scale of K-chunk c.
// The tensor core multiplies each chunk's products by their two scales and
// accumulates into the f32 fragments (Numerics §4's sum, done by the hardware).
// NVFP4's global scales multiply C at the end.
//
// Which lane, register and slot hold which element, and which lane supplies
// each scale, come from the index library (MmaBlockScaleFragments.h, unit
// tested against the PTX ISA's figures): `planFragments` reads the
// per-register row and word offsets off it.
//
//===----------------------------------------------------------------------===//

#include "BlockScaleStaging.h"
#include "DeviceSession.h"
#include "Matmul.h"

#include "microscale/Conversion/Codecs/ElementCodecs.h"
#include "microscale/Target/NVIDIA/MmaBlockScaleFragments.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::nvvm;
namespace nvidia = ::microscale::nvidia;

namespace {

constexpr int64_t kWarps = 4;
constexpr int64_t kTileM = nvidia::kWarpMmaM * kWarps;
constexpr int64_t kSubtiles = 4;
constexpr int64_t kTileN = nvidia::kWarpMmaN * kSubtiles;
constexpr int64_t kWordsK = 8; // 32 bytes of a row per MMA
constexpr int64_t kThreads = 32 * kWarps;

/// Lane (group = lane / 4, t = lane % 4) finds register r of A at staged
/// row group + aRow[r], word t + aWord[r]; register r of B at column group,
/// word t + bWord[r]; accumulator r at row group + cRow[r], column
/// 2t + cCol[r]. Scales: lane (group, t) supplies A's row group + 8 * (t % 2)
/// and B's column group (thread-id 0, byte-id 0). That these are the forms
/// of the library's maps for every lane is unit-tested
/// (MmaBlockScaleFragmentsTest.cpp, WarpMmaKernelFormTest).
struct FragmentPlan {
  int64_t aRow[4], aWord[4], bWord[2], cRow[4], cCol[4];
};

FragmentPlan planFragments(nvidia::WarpMmaShape shape) {
  FragmentPlan plan;
  int slots = 32 / nvidia::warpMmaSlotBits(shape);
  for (int r = 0; r < 4; ++r) {
    nvidia::MatrixIndex a = nvidia::warpMmaElementA(shape, {0, r, 0});
    plan.aRow[r] = a.row;
    plan.aWord[r] = a.col / slots;
    nvidia::MatrixIndex d = nvidia::warpMmaElementC({0, r, 0});
    plan.cRow[r] = d.row;
    plan.cCol[r] = d.col;
  }
  for (int r = 0; r < 2; ++r)
    plan.bWord[r] = nvidia::warpMmaElementB(shape, {0, r, 0}).row / slots;
  return plan;
}

nvidia::WarpMmaShape warpShape(const BlockScaleMma &mma) {
  return mma.kind == NVVM::MMABlockScaleKind::MXF8F6F4
             ? nvidia::WarpMmaShape::M16N8K32F8F6F4
             : nvidia::WarpMmaShape::M16N8K64Fp4;
}

nvidia::ScaleVec scaleVec(const BlockScaleMma &mma) {
  return static_cast<nvidia::ScaleVec>(mma.chunks);
}

NVVM::ScaleVecSize nvvmScaleVec(const BlockScaleMma &mma) {
  switch (mma.chunks) {
  case 1:
    return NVVM::ScaleVecSize::X1;
  case 2:
    return NVVM::ScaleVecSize::X2;
  default:
    return NVVM::ScaleVecSize::X4;
  }
}

} // namespace

bool nvvm::mmaBlockScaleTakes(const MatmulProblem &problem) {
  std::optional<BlockScaleMma> mma = selectBlockScaleMma(problem);
  if (!mma)
    return false;
  // Table 36 as ptxas 13 accepts it (the library's check).
  return nvidia::checkWarpMmaScaleVec(warpShape(*mma), scaleVec(*mma),
                                      mma->scaleFormat ==
                                              NVVM::BlockScaleFormat::UE4M3
                                          ? nvidia::ScaleType::UE4M3
                                          : nvidia::ScaleType::UE8M0)
      .ok();
}

void nvvm::emitMmaBlockScaleMatmul(OpBuilder &b, Location loc,
                                   DeviceSession &session,
                                   const MatmulProblem &problem) {
  BlockScaleMma mma = *selectBlockScaleMma(problem);
  FragmentPlan plan = planFragments(warpShape(mma));
  auto [blocks, tilesN] = getTileGrid(b, loc, problem, kTileM, kTileN);
  auto shared =
      gpu::AddressSpaceAttr::get(b.getContext(), gpu::AddressSpace::Workgroup);
  Type i32 = b.getI32Type(), i16 = b.getI16Type(), f32 = b.getF32Type();
  auto sharedType = [&](int64_t rows, int64_t cols) {
    return MemRefType::get({rows, cols}, i32, MemRefLayoutAttrInterface(),
                           shared);
  };
  SmallVector<Type> buffers = {sharedType(kTileM, kWordsK),
                               sharedType(kTileN, kWordsK),
                               sharedType(kTileM, 1), sharedType(kTileN, 1)};
  session.launch(
      blocks, kThreads, buffers,
      [&](OpBuilder &b, Location loc, Value block, Value thread,
          ValueRange smem) {
        auto c = [&](int64_t v) { return indexConstant(b, loc, v); };
        Value aWords = smem[0], bWords = smem[1], aScales = smem[2],
              bScales = smem[3];
        WarpMmaThread ids =
            getWarpMmaThread(b, loc, block, thread, tilesN, kTileM, kTileN);
        Value rowStart = ids.rowStart, colStart = ids.colStart,
              group = ids.group, t = ids.t;
        Value warpRow = arith::AddIOp::create(b, loc, ids.warpRow, group);
        Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
        Value zeroId =
            arith::ConstantOp::create(b, loc, b.getIntegerAttr(i16, 0));
        SmallVector<Value> init(kSubtiles * 4, zero);

        auto stage = [&](OpBuilder &b, Location loc,
                         const MatmulOperand &operand, Value words,
                         Value scales, int64_t rows, Value start, Value k0) {
          const DeviceQuantized &q = *operand.quantized;
          int64_t slots = 32 / mma.slotBits();
          Attribute zeroWord = b.getI32IntegerAttr(0);
          stageTile(
              b, loc, operand, words, rows, kWordsK, start, thread, kThreads,
              [&](OpBuilder &b, Location loc, Value row, Value j) {
                Value col = arith::AddIOp::create(
                    b, loc, k0,
                    arith::MulIOp::create(b, loc, j,
                                          indexConstant(b, loc, slots)));
                return loadElementWord(b, loc, q, mma, row, col);
              },
              zeroWord);
          stageTile(
              b, loc, operand, scales, rows, 1, start, thread, kThreads,
              [&](OpBuilder &b, Location loc, Value row, Value) {
                return loadScaleWord(b, loc, q, mma, row, k0);
              },
              zeroWord);
        };

        auto steps = scf::ForOp::create(
            b, loc, c(0), c(problem.k), c(mma.k), init,
            [&](OpBuilder &b, Location loc, Value k0, ValueRange acc) {
              stage(b, loc, problem.a, aWords, aScales, kTileM, rowStart, k0);
              stage(b, loc, problem.b, bWords, bScales, kTileN, colStart, k0);
              gpu::BarrierOp::create(b, loc);
              auto c = [&](int64_t v) { return indexConstant(b, loc, v); };
              auto load = [&](Value buffer, Value r, Value col) -> Value {
                return memref::LoadOp::create(b, loc, buffer,
                                              ValueRange{r, col});
              };
              auto plus = [&](Value v, int64_t offset) -> Value {
                return offset ? arith::AddIOp::create(b, loc, v, c(offset))
                                    .getResult()
                              : v;
              };
              SmallVector<Value> a;
              for (int64_t r = 0; r < 4; ++r)
                a.push_back(load(aWords, plus(warpRow, plan.aRow[r]),
                                 plus(t, plan.aWord[r])));
              // Lane (group, t) supplies the scales of row group + 8 (t % 2).
              Value scaleRow = arith::AddIOp::create(
                  b, loc, warpRow,
                  arith::MulIOp::create(
                      b, loc, arith::RemUIOp::create(b, loc, t, c(2)), c(8)));
              Value scaleA = load(aScales, scaleRow, c(0));
              SmallVector<Value> next;
              for (int64_t j = 0; j < kSubtiles; ++j) {
                Value col = plus(group, 8 * j);
                SmallVector<Value> bFrag;
                for (int64_t r = 0; r < 2; ++r)
                  bFrag.push_back(load(bWords, col, plus(t, plan.bWord[r])));
                Value scaleB = load(bScales, col, c(0));
                auto resultType = LLVM::LLVMStructType::getLiteral(
                    b.getContext(), {f32, f32, f32, f32});
                auto op = NVVM::MmaBlockScaleOp::create(
                    b, loc, resultType, a, bFrag, acc.slice(j * 4, 4), scaleA,
                    zeroId, zeroId, scaleB, zeroId, zeroId,
                    ArrayRef<int64_t>{nvidia::kWarpMmaM, nvidia::kWarpMmaN,
                                      mma.k},
                    std::array<NVVM::MMATypes, 2>{mma.aType, mma.bType},
                    nvvmScaleVec(mma), mma.scaleFormat, mma.kind);
                for (int64_t i = 0; i < 4; ++i)
                  next.push_back(LLVM::ExtractValueOp::create(
                      b, loc, op.getResult(), ArrayRef<int64_t>{i}));
              }
              gpu::BarrierOp::create(b, loc);
              scf::YieldOp::create(b, loc, next);
            });

        // Epilogue: NVFP4 globals, the accumulator input, bounds.
        for (int64_t j = 0; j < kSubtiles; ++j) {
          for (int64_t i = 0; i < 4; ++i) {
            Value value =
                problem.applyGlobals(b, loc, steps.getResult(j * 4 + i));
            Value row = arith::AddIOp::create(
                b, loc, rowStart,
                arith::AddIOp::create(b, loc, warpRow, c(plan.cRow[i])));
            Value col = arith::AddIOp::create(
                b, loc, colStart,
                arith::AddIOp::create(b, loc,
                                      arith::MulIOp::create(b, loc, t, c(2)),
                                      c(8 * j + plan.cCol[i])));
            problem.storeResult(b, loc, value, row, col);
          }
        }
      });
}
