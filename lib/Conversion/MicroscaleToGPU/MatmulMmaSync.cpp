//===- MatmulMmaSync.cpp - matmul on E4M3 mma.sync tensor cores -----------===//
//
// Four warps compute a 64 x 32 tile of C, each warp 16 rows by four 16 x 8
// `mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32` tiles. Per step of
// 32 along K the block stages in shared memory:
//   - the 64 x 32 elements of A and 32 x 32 of B as E4M3 bytes, four to a
//     32-bit word (E2M1, E2M3 and E3M2 values are all E4M3 values: the
//     upcast is exact);
//   - their block scales as f32, one per row and K-block of the step.
// Each K-block's products are summed by the tensor core into a fresh f32
// fragment, then scaled by (sa * sb) in f32 and added to the accumulators
// (Numerics §4). Blocks of 16 (NVFP4) take two mma per step, each with the
// other half of the fragments zeroed. NVFP4's global scales multiply C at the
// end.
//
// Fragment layouts (PTX ISA, mma.m16n8k32 with .e4m3): lane = 4 * group + t;
// A registers a0..a3 hold rows (group, group + 8, group, group + 8) at K
// bytes 4t..4t+3 (a0, a1) and 16 + 4t.. (a2, a3); B registers b0, b1 hold
// column `group` at K bytes 4t.. and 16 + 4t..; D registers d0..d3 hold
// rows (group, group, group + 8, group + 8), columns 2t, 2t + 1.
//
//===----------------------------------------------------------------------===//

#include "DeviceSession.h"
#include "Matmul.h"

#include "microscale/Conversion/Codecs/ElementCodecs.h"
#include "microscale/Conversion/MicroscaleToGPU/GPUTarget.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::nvvm;

namespace {

constexpr int64_t kWarps = 4;
constexpr int64_t kTileM = 16 * kWarps; // rows of C per block
constexpr int64_t kSubtiles = 4;        // 8-column mma tiles per warp
constexpr int64_t kTileN = 8 * kSubtiles;
constexpr int64_t kStepK = 32;
constexpr int64_t kWordsK = kStepK / 4;
constexpr int64_t kThreads = 32 * kWarps;
constexpr const char *kMmaIntrinsic =
    "llvm.nvvm.mma.m16n8k32.row.col.f32.e4m3.e4m3.f32";

/// K-blocks per step: 2 for blocks of 16, else 1.
int64_t groupsPerStep(const MatmulProblem &problem) {
  int64_t blockSize = problem.a.quantized->getBlockSize();
  return kStepK / std::min<int64_t>(blockSize, kStepK);
}

/// Stages rows [start, start + rows) of the step at k0: E4M3 words into
/// `words` [rows x 8] and block scales into `scales` [rows x groups].
void stageOperand(OpBuilder &b, Location loc, const MatmulOperand &operand,
                  Value words, Value scales, int64_t rows, int64_t groups,
                  Value start, Value k0, Value thread) {
  const DeviceQuantized &q = *operand.quantized;
  auto forRows =
      [&](int64_t perRow,
          function_ref<Value(OpBuilder &, Location, Value, Value)> value,
          Attribute zero, Value buffer) {
        stageTile(b, loc, operand, buffer, rows, perRow, start, thread,
                  kThreads, value, zero);
      };
  forRows(
      kWordsK,
      [&](OpBuilder &b, Location loc, Value row, Value word) -> Value {
        CodecBuilder codec(b, loc);
        Value first = arith::AddIOp::create(
            b, loc, k0,
            arith::MulIOp::create(b, loc, word, indexConstant(b, loc, 4)));
        Value packed;
        for (int64_t j = 0; j < 4; ++j) {
          Value col =
              arith::AddIOp::create(b, loc, first, indexConstant(b, loc, j));
          Value byte =
              arith::ShLIOp::create(b, loc, q.loadE4M3Code(b, loc, row, col),
                                    codec.i32(b.getI32Type(), 8 * j));
          packed = packed ? arith::OrIOp::create(b, loc, packed, byte) : byte;
        }
        return packed;
      },
      b.getI32IntegerAttr(0), words);
  int64_t width = kStepK / groups;
  forRows(
      groups,
      [&](OpBuilder &b, Location loc, Value row, Value group) -> Value {
        Value col = arith::AddIOp::create(
            b, loc, k0,
            arith::MulIOp::create(b, loc, group, indexConstant(b, loc, width)));
        Value block = arith::DivUIOp::create(
            b, loc, col, indexConstant(b, loc, q.getBlockSize()));
        return q.scaleValue(b, loc, q.loadScaleCode(b, loc, row, block));
      },
      b.getF32FloatAttr(0), scales);
}

/// One mma.sync: D = A * B (C = 0), the four f32 results.
SmallVector<Value> mma(OpBuilder &b, Location loc, ArrayRef<Value> a,
                       ArrayRef<Value> bFrag) {
  Type f32 = b.getF32Type();
  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
  SmallVector<Value> args(a.begin(), a.end());
  args.append(bFrag.begin(), bFrag.end());
  args.append(4, zero);
  auto resultType =
      LLVM::LLVMStructType::getLiteral(b.getContext(), {f32, f32, f32, f32});
  auto call = LLVM::CallIntrinsicOp::create(
      b, loc, resultType, b.getStringAttr(kMmaIntrinsic), args);
  SmallVector<Value> d;
  for (int64_t i = 0; i < 4; ++i)
    d.push_back(LLVM::ExtractValueOp::create(b, loc, call.getResult(0),
                                             ArrayRef<int64_t>{i}));
  return d;
}

} // namespace

bool mlir::microscale::mmaSyncFP8Takes(Type a, Type b, int64_t k,
                                       const GPUTarget &target, bool inexact) {
  auto elements = takenElementFormats(a, b, MatmulStrategy::MmaSyncFP8);
  if (!elements)
    return false;
  auto [ea, eb] = *elements;
  int64_t blockSize = cast<QuantizedTensorType>(a).getScheme().getBlockSize();
  if (k % kStepK != 0 || (blockSize != 16 && blockSize % kStepK != 0))
    return false;
  // One mma sums min(block, 32) products of a K-block.
  return inexact || target.sumsFP8ProductsExactly(
                        ea, eb, std::min<int64_t>(blockSize, kStepK));
}

void nvvm::emitMmaSyncFP8Matmul(OpBuilder &b, Location loc,
                                DeviceSession &session,
                                const MatmulProblem &problem) {
  int64_t groups = groupsPerStep(problem);
  auto [blocks, tilesN] = getTileGrid(b, loc, problem, kTileM, kTileN);
  auto shared =
      gpu::AddressSpaceAttr::get(b.getContext(), gpu::AddressSpace::Workgroup);
  auto sharedType = [&](int64_t rows, int64_t cols, Type element) {
    return MemRefType::get({rows, cols}, element, MemRefLayoutAttrInterface(),
                           shared);
  };
  Type i32 = b.getI32Type(), f32 = b.getF32Type();
  SmallVector<Type> buffers = {
      sharedType(kTileM, kWordsK, i32), sharedType(kTileN, kWordsK, i32),
      sharedType(kTileM, groups, f32), sharedType(kTileN, groups, f32)};
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
              warpRow = ids.warpRow, group = ids.group, t = ids.t;
        Value rowLo = arith::AddIOp::create(b, loc, warpRow, group);
        Value rowHi = arith::AddIOp::create(b, loc, rowLo, c(8));
        Value t4 = arith::AddIOp::create(b, loc, t, c(4));
        Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
        SmallVector<Value> init(kSubtiles * 4, zero);

        auto steps = scf::ForOp::create(
            b, loc, c(0), c(problem.k), c(kStepK), init,
            [&](OpBuilder &b, Location loc, Value k0, ValueRange acc) {
              stageOperand(b, loc, problem.a, aWords, aScales, kTileM, groups,
                           rowStart, k0, thread);
              stageOperand(b, loc, problem.b, bWords, bScales, kTileN, groups,
                           colStart, k0, thread);
              gpu::BarrierOp::create(b, loc);
              auto load = [&](Value buffer, Value r, Value col) -> Value {
                return memref::LoadOp::create(b, loc, buffer,
                                              ValueRange{r, col});
              };
              Value a[4] = {load(aWords, rowLo, t), load(aWords, rowHi, t),
                            load(aWords, rowLo, t4), load(aWords, rowHi, t4)};
              Value none = CodecBuilder(b, loc).i32(b.getI32Type(), 0);
              SmallVector<Value> next(acc.begin(), acc.end());
              for (int64_t j = 0; j < kSubtiles; ++j) {
                Value col = arith::AddIOp::create(b, loc, group, c(8 * j));
                Value bFrag[2] = {load(bWords, col, t), load(bWords, col, t4)};
                // D's columns in this subtile: 2t and 2t + 1.
                Value dCol0 = arith::AddIOp::create(
                    b, loc, arith::MulIOp::create(b, loc, t, c(2)), c(8 * j));
                Value dCol1 = arith::AddIOp::create(b, loc, dCol0, c(1));
                for (int64_t g = 0; g < groups; ++g) {
                  SmallVector<Value> aPart(a, a + 4), bPart(bFrag, bFrag + 2);
                  if (groups == 2) {
                    // K bytes 0..15 live in a0, a1, b0; 16..31 in a2, a3, b1.
                    for (int64_t r = 0; r < 2; ++r)
                      aPart[(1 - g) * 2 + r] = none;
                    bPart[1 - g] = none;
                  }
                  SmallVector<Value> d = mma(b, loc, aPart, bPart);
                  Value gi = c(g);
                  Value rows[4] = {rowLo, rowLo, rowHi, rowHi};
                  Value cols[4] = {dCol0, dCol1, dCol0, dCol1};
                  for (int64_t i = 0; i < 4; ++i) {
                    Value sa = load(aScales, rows[i], gi);
                    Value sb = load(bScales, cols[i], gi);
                    Value scaled = arith::MulFOp::create(
                        b, loc, arith::MulFOp::create(b, loc, d[i], sa), sb);
                    next[j * 4 + i] =
                        arith::AddFOp::create(b, loc, next[j * 4 + i], scaled);
                  }
                }
              }
              gpu::BarrierOp::create(b, loc);
              scf::YieldOp::create(b, loc, next);
            });

        // Epilogue: NVFP4 globals, the accumulator input, bounds.
        for (int64_t j = 0; j < kSubtiles; ++j) {
          for (int64_t i = 0; i < 4; ++i) {
            Value value =
                problem.applyGlobals(b, loc, steps.getResult(j * 4 + i));
            Value row =
                arith::AddIOp::create(b, loc, rowStart, i < 2 ? rowLo : rowHi);
            Value col = arith::AddIOp::create(
                b, loc, colStart,
                arith::AddIOp::create(b, loc,
                                      arith::MulIOp::create(b, loc, t, c(2)),
                                      c(8 * j + (i & 1))));
            problem.storeResult(b, loc, value, row, col);
          }
        }
      });
}
