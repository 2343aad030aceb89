//===- LaneGemv.cpp - 1-2 rows times FP4/FP8 weights, 64 bytes a step -===//
//
//
// The decode GEMV (one or two rows of activations times the weights) must
// keep up with memory, so the work per weight byte has to be minimal. Each
// step loads 64 bytes of a weight row: 128 E2M1 or 64 E4M3 codes, c per
// 32-bit lane (c = 8 or 4). Step s of the load decodes code s of every
// lane into one vector of 16 f32:
//  - E2M1: the lanes shifted right by 4s, one `vpermps` lookup in the
//    unscaled E2M1 table (the permute reads only the low four index bits:
//    no masks);
//  - E4M3: byte s moved to the top of its lane, shifted arithmetically
//    right by 4, masked to the sign and the 7 field bits under f32's, and
//    rebiased (normal numbers; a load holding zero, a subnormal or NaN
//    takes the general decoder behind a branch).
// Vector s then holds element c·l + s in lane l, so a lane only ever sees
// elements of one block (blocks of c or more): the c products of each lane
// are summed unscaled, then multiplied lane-wise by a vector of the lanes'
// block scales with one FMA (8 NVFP4 blocks, 4 MXFP4 or 2 MXFP8 blocks at
// once). Per 128 E2M1 weights: one load, 7 shifts, 8 lookups, 8 FMAs per
// row of A and the scale vector, against about 25 operations per 32 when
// each block's scale multiplies its table.
// A is converted once to f32 rows in that order (value 16s + l of each
// step is element c·l + s). The global scale (NVFP4) multiplies finished
// dot products. Products are summed before their block scale multiplies
// them: activations beyond ~2^118 in magnitude overflow there first.
//
//===----------------------------------------------------------------------===//

#include "BlockDecoders.h"
#include "Loops.h"
#include "Lowerings.h"
#include "TableDecode.h"
#include "X86Intrinsics.h"

#include "microscale/Conversion/Codecs/BlockCodecs.h"
#include "microscale/Conversion/Codecs/ElementCodecs.h"
#include "microscale/Conversion/Codecs/StorageIndexing.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::cpu;

namespace {

/// The lanes of each decoded vector.
constexpr int64_t kLanes = 16;
/// Bytes of a weight row per step.
constexpr int64_t kStepBytes = 64;
/// Weight rows decoded together, each load of A serving all of them (four
/// row streams, as many as the prefetches keep fed).
constexpr int64_t kWeightRows = 4;

VectorType f32Vector(OpBuilder &b) {
  return VectorType::get({kLanes}, b.getF32Type());
}

/// How a step's 64 bytes hold the weights' codes.
struct Steps {
  int64_t codes;   // per step
  int64_t perLane; // codes per 32-bit lane: vectors decoded per step

  explicit Steps(int64_t elementBits)
      : codes(laneGemvStep(elementBits)), perLane(codes / kLanes) {}
};

struct LaneGemvLowering : OpRewritePattern<MatmulOp> {
  LaneGemvLowering(MLIRContext *context, const CPUTarget &target)
      : OpRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    MatmulChoice choice = selectMatmulKernel(op, target);
    if (choice.kernel != MatmulKernel::LaneGemv)
      return rewriter.notifyMatchFailure(op, "another kernel is selected");
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    QuantizedBuffers weights = getQuantizedBuffers(b, loc, op.getRhs());
    int64_t k = weights.getCols();
    // Static rows (kernel selection): one or two.
    RankedTensorType resultType = op.getResult().getType();
    int64_t rows = resultType.getDimSize(0);
    Steps steps(weights.getScheme().getElementBits());
    Value aRows = convertActivations(b, loc, op.getLhs(),
                                     indexConstant(b, loc, rows), k, steps);

    SmallVector<Value> resultSizes;
    if (resultType.isDynamicDim(1))
      resultSizes.push_back(weights.rows);
    FloatBuffer out = allocFloatBuffer(b, loc, resultType, resultSizes);
    std::optional<FloatBuffer> acc;
    if (op.getAcc())
      acc = getFloatBuffer(b, loc, op.getAcc());

    buildTiledLoop(
        b, loc, weights.rows, kWeightRows,
        [&](OpBuilder &b, Location loc, Value n0, int64_t wRows) {
          emitGroup(b, loc, weights, steps, aRows, rows, k, n0, wRows, out,
                    acc);
        },
        target.parallel);
    rewriter.replaceOp(op, toTensor(b, loc, out));
    return success();
  }

private:
  /// A's rows as f32 in lane order (see the file comment), in a scratch
  /// buffer of M x K.
  Value convertActivations(OpBuilder &b, Location loc, Value lhs, Value m,
                           int64_t k, const Steps &steps) const {
    Value c0 = indexConstant(b, loc, 0), c1 = indexConstant(b, loc, 1);
    Value aRows = allocScratch(
        b, loc, arith::MulIOp::create(b, loc, m, indexConstant(b, loc, k)),
        b.getF32Type());
    std::optional<BlockDecoder> quantized;
    std::optional<FloatBuffer> plain;
    if (auto type = dyn_cast<QuantizedTensorType>(lhs.getType()))
      quantized = BlockDecoder{getQuantizedBuffers(b, loc, lhs),
                               selectBlockDecode(type, target)};
    else
      plain = getFloatBuffer(b, loc, lhs);
    SmallVector<int64_t> order;
    for (int64_t s = 0; s < steps.perLane; ++s)
      for (int64_t l = 0; l < kLanes; ++l)
        order.push_back(steps.perLane * l + s);
    buildLoop(b, loc, c0, m, c1, [&](OpBuilder &b, Location loc, Value row) {
      buildLoop(
          b, loc, c0, indexConstant(b, loc, k),
          indexConstant(b, loc, steps.codes),
          [&](OpBuilder &b, Location loc, Value col) {
            Value values;
            if (plain) {
              values = plain->loadF32(b, loc, row, col, steps.codes);
            } else {
              // Whole blocks (kernel selection: they divide a step).
              int64_t block = quantized->getBlockSize();
              values = arith::ConstantOp::create(
                  b, loc,
                  DenseElementsAttr::get(
                      VectorType::get({steps.codes}, b.getF32Type()),
                      b.getF32FloatAttr(0.0f)));
              Value first = arith::DivUIOp::create(
                  b, loc, col, indexConstant(b, loc, block));
              for (int64_t i = 0; i < steps.codes / block; ++i) {
                Value part = quantized->dequantizeBlock(
                    b, loc, row,
                    arith::AddIOp::create(b, loc, first,
                                          indexConstant(b, loc, i)));
                values = vector::InsertStridedSliceOp::create(
                    b, loc, part, values, ArrayRef<int64_t>{i * block},
                    ArrayRef<int64_t>{1});
              }
            }
            values = vector::ShuffleOp::create(b, loc, values, values, order);
            Value at = arith::AddIOp::create(
                b, loc,
                arith::MulIOp::create(b, loc, row, indexConstant(b, loc, k)),
                col);
            vector::StoreOp::create(b, loc, values, aRows, at);
          });
    });
    return aRows;
  }

  /// The f32 scale of the block of each lane of weight row `row`'s step
  /// that starts at value `chunkStart`.
  Value laneScales(OpBuilder &b, Location loc, const QuantizedBuffers &weights,
                   const Steps &steps, Value row, Value chunkStart) const {
    int64_t block = weights.getBlockSize();
    int64_t blocks = std::max<int64_t>(steps.codes / block, 1);
    Value first = arith::DivUIOp::create(b, loc, chunkStart,
                                         indexConstant(b, loc, block));
    Value scales = weights.loadScales(b, loc, row, first, blocks);
    SmallVector<int64_t> laneBlock;
    for (int64_t l = 0; l < kLanes; ++l)
      laneBlock.push_back(steps.perLane * l / block);
    return vector::ShuffleOp::create(b, loc, scales, scales, laneBlock);
  }

  /// The unscaled values of a step's codes (`bytes`, vector<64xi8>): one
  /// vector per code of each lane (see the file comment).
  static SmallVector<Value> decodeStep(OpBuilder &b, Location loc,
                                       formats::Format element,
                                       const Steps &steps, Value bytes) {
    auto wordsType = VectorType::get({kLanes}, b.getI32Type());
    CodecBuilder codec(b, loc);
    Value words = vector::BitCastOp::create(b, loc, wordsType, bytes);
    SmallVector<Value> values;
    if (element == formats::Format::E2M1) {
      Value table = e2m1Table(b, loc);
      for (int64_t s = 0; s < steps.perLane; ++s) {
        Value indices =
            s == 0 ? words
                   : Value(arith::ShRUIOp::create(b, loc, words,
                                                  codec.i32(wordsType, 4 * s)));
        values.push_back(callVectorIntrinsic(b, loc, f32Vector(b), kPermuteF32,
                                             ValueRange{table, indices}));
      }
      return values;
    }
    // E4M3: normal numbers in integer arithmetic; a step holding a zero, a
    // subnormal or NaN code is decoded by the general decoder and
    // rearranged into lane order.
    assert(element == formats::Format::E4M3 && "E2M1 or E4M3 weights");
    SmallVector<Type> resultTypes(steps.perLane, f32Vector(b));
    auto branch = scf::IfOp::create(
        b, loc, anyE4M3Special(b, loc, bytes),
        [&](OpBuilder &b, Location loc) {
          Value all = CodecBuilder(b, loc).decode(element, bytes);
          SmallVector<Value> parts;
          for (int64_t s = 0; s < steps.perLane; ++s) {
            SmallVector<int64_t> picks;
            for (int64_t l = 0; l < kLanes; ++l)
              picks.push_back(steps.perLane * l + s);
            parts.push_back(vector::ShuffleOp::create(b, loc, all, all, picks));
          }
          scf::YieldOp::create(b, loc, parts);
        },
        [&](OpBuilder &b, Location loc) {
          CodecBuilder codec(b, loc);
          SmallVector<Value> parts;
          for (int64_t s = 0; s < steps.perLane; ++s) {
            // Code s at the top of its lane, then down by 4: the sign at bit
            // 31, the 7 field bits at 26..20.
            Value top =
                s == steps.perLane - 1
                    ? words
                    : Value(arith::ShLIOp::create(
                          b, loc, words, codec.i32(wordsType, 8 * (3 - s))));
            parts.push_back(e4m3NormalsToF32(
                b, loc,
                arith::ShRSIOp::create(b, loc, top, codec.i32(wordsType, 4))));
          }
          scf::YieldOp::create(b, loc, parts);
        });
    return SmallVector<Value>(branch.getResults());
  }

  /// C[:, n0 .. n0 + wRows) for all `rows` rows of A.
  void emitGroup(OpBuilder &b, Location loc, const QuantizedBuffers &weights,
                 const Steps &steps, Value aRows, int64_t rows, int64_t k,
                 Value n0, int64_t wRows, const FloatBuffer &out,
                 const std::optional<FloatBuffer> &acc) const {
    Value c0 = indexConstant(b, loc, 0);
    formats::Format element = weights.getScheme().toFormats().element;
    Value zero = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(f32Vector(b), b.getF32FloatAttr(0.0f)));
    SmallVector<Value> wRow;
    for (int64_t j = 0; j < wRows; ++j)
      wRow.push_back(
          arith::AddIOp::create(b, loc, n0, indexConstant(b, loc, j)));
    int64_t block = weights.getBlockSize();

    SmallVector<Value> init(rows * wRows, zero);
    ValueRange sums = buildLoop(
        b, loc, c0, indexConstant(b, loc, k),
        indexConstant(b, loc, steps.codes), init,
        [&](OpBuilder &b, Location loc, Value col,
            ValueRange accs) -> SmallVector<Value> {
          Value firstBlock =
              arith::DivUIOp::create(b, loc, col, indexConstant(b, loc, block));
          SmallVector<Value> next(accs);
          for (int64_t j = 0; j < wRows; ++j) {
            weights.prefetchAhead(b, loc, wRow[j], firstBlock,
                                  target.prefetchBytes);
            Value bytes = weights.loadBytes(
                b, loc,
                blockByteOffset(b, loc, weights.type, wRow[j], firstBlock),
                kStepBytes);
            SmallVector<Value> decoded =
                decodeStep(b, loc, element, steps, bytes);
            SmallVector<Value> partial(rows);
            for (int64_t s = 0; s < steps.perLane; ++s) {
              Value values = decoded[s];
              for (int64_t i = 0; i < rows; ++i) {
                Value at = arith::AddIOp::create(
                    b, loc, col, indexConstant(b, loc, i * k + s * kLanes));
                Value a = vector::LoadOp::create(b, loc, f32Vector(b), aRows,
                                                 ValueRange{at});
                partial[i] =
                    s == 0 ? Value(arith::MulFOp::create(b, loc, a, values))
                           : Value(vector::FMAOp::create(b, loc, a, values,
                                                         partial[i]));
              }
            }
            Value scales = laneScales(b, loc, weights, steps, wRow[j], col);
            for (int64_t i = 0; i < rows; ++i)
              next[i * wRows + j] = vector::FMAOp::create(
                  b, loc, partial[i], scales, accs[i * wRows + j]);
          }
          return next;
        });

    for (int64_t i = 0; i < rows; ++i) {
      Value row = indexConstant(b, loc, i);
      for (int64_t j = 0; j < wRows; ++j) {
        Value sum = vector::ReductionOp::create(
            b, loc, vector::CombiningKind::ADD, sums[i * wRows + j]);
        storeDotProduct(b, loc, out, acc, weights.global, row, wRow[j], sum);
      }
    }
  }

  CPUTarget target;
};

} // namespace

void cpu::populateLaneGemvPatterns(RewritePatternSet &patterns,
                                   const CPUTarget &target) {
  patterns.add<LaneGemvLowering>(patterns.getContext(), target);
}
