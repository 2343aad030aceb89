//===- MatmulLowering.cpp - block-scaled matmul to vector loops -----------===//
//
// C = A * B^T with both operands K-major. B (the weights) is never decoded
// as a whole matrix:
//  - for a few rows of A (GEMV-like, up to 8 with table decoding), each
//    block of B is decoded in registers and multiplied right away with
//    every row;
//  - otherwise a panel of a few rows of B is decoded into a small
//    cache-resident f32 buffer and multiplied with every row of A.
// Both use one vector accumulator per row of B and FMAs along K. A is read
// in place when it is f32 and B needs no reordering, else converted once to
// f32 rows (activations are the small operand). When B's FP4 codes are
// decoded by table lookups, which give each 32 elements' even and odd
// halves, A is stored in that same order instead of interleaving B: the dot
// product does not care about the order of K.
// This is the general lowering; two faster ones take precedence where they
// apply: FloatPanelGemm.cpp (many rows of f32/bf16 activations on AVX-512)
// and Int8DotMatmul.cpp (both operands exact int8 images, AVX-512 VNNI).
//
//===----------------------------------------------------------------------===//

#include "BlockDecoders.h"
#include "Loops.h"
#include "Lowerings.h"

#include "microscale/Conversion/Codecs/ElementCodecs.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/X86Vector/X86VectorDialect.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::cpu;

namespace {

/// Rows of B decoded together and multiplied with each row of A.
constexpr int64_t kPanelRows = 4;
/// Rows of A multiplied with a panel together (a kTileRows x kPanelRows
/// register tile of accumulators).
constexpr int64_t kTileRows = 4;
/// Padding (in values) between the rows of a decoded panel.
constexpr int64_t kPanelPad = 32;
/// A decoded panel up to this size lives on the stack of the thread that
/// decodes it (one per concurrent group of weight rows); past it (K over
/// 32K values) one heap panel serves groups in turn.
constexpr int64_t kMaxStackPanelBytes = 512 * 1024;

/// Stores f32 values into a buffer of f32 or bf16 (rounded to nearest
/// even; the weights stored so are exact in bf16).
void storeConverted(OpBuilder &b, Location loc, Value values, Value dest,
                    Value offset) {
  Type element = cast<MemRefType>(dest.getType()).getElementType();
  if (element.isBF16())
    values = CodecBuilder(b, loc).truncToBF16(values);
  vector::StoreOp::create(b, loc, values, dest, offset);
}

/// A matmul operand as rows of f32 values.
struct Operand {
  Value tensor;
  std::optional<FloatBuffer> plain;
  std::optional<BlockDecoder> quantized;
  /// Table-decoded weights leave their global scale out of the decoded
  /// values; it multiplies each finished dot product instead (one rounding
  /// per output rather than one per element, within the Numerics §4 bound).
  bool deferGlobal = false;
  /// How far ahead of the rows being decoded the cache is asked to load.
  int64_t prefetchBytes = 0;

  Value rows() const { return plain ? plain->rows : quantized->storage.rows; }
  /// The global scale still to apply to results, or null.
  Value deferredGlobal() const {
    return deferGlobal ? quantized->storage.global : Value();
  }
  bool isF32() const { return plain && plain->getElementType().isF32(); }

  /// Writes rows [first, first + count) as f32 into `dest` (flat, K per
  /// row), starting at row 0 of `dest`; `permuted`: each 32 values' even
  /// elements, then the odd ones; rows concurrently with `parallel`.
  void decodeRows(OpBuilder &b, Location loc, Value first, Value count,
                  Value dest, int64_t k, int64_t chunk, bool permuted,
                  int64_t pitch, bool parallel = false) const {
    Value c0 = indexConstant(b, loc, 0), c1 = indexConstant(b, loc, 1);
    buildIndependentLoop(b, loc, c0, count, c1, parallel,
                         [&](OpBuilder &b, Location loc, Value i) {
      Value row = arith::AddIOp::create(b, loc, first, i);
      Value base =
          arith::MulIOp::create(b, loc, i, indexConstant(b, loc, pitch));
      if (permuted) {
        decodeRowPermuted(b, loc, row, base, dest, k);
        return;
      }
      if (quantized) {
        int64_t block = quantized->getBlockSize();
        buildLoop(b, loc, c0, indexConstant(b, loc, k / block), c1,
                  [&](OpBuilder &b, Location loc, Value blk) {
                    quantized->storage.prefetchAhead(b, loc, row, blk,
                                                     prefetchBytes);
                    Value values = quantized->dequantizeBlock(b, loc, row, blk);
                    Value offset = arith::AddIOp::create(
                        b, loc, base,
                        arith::MulIOp::create(b, loc, blk,
                                              indexConstant(b, loc, block)));
                    storeConverted(b, loc, values, dest, offset);
                  });
        return;
      }
      buildLoop(b, loc, c0, indexConstant(b, loc, k),
                indexConstant(b, loc, chunk),
                [&](OpBuilder &b, Location loc, Value col) {
                  Value values = plain->loadF32(b, loc, row, col, chunk);
                  Value offset = arith::AddIOp::create(b, loc, base, col);
                  storeConverted(b, loc, values, dest, offset);
                });
    });
  }

  void decodeRowPermuted(OpBuilder &b, Location loc, Value row, Value base,
                         Value dest, int64_t k) const {
    Value c0 = indexConstant(b, loc, 0), c1 = indexConstant(b, loc, 1);
    // Units of whole blocks and of at least 32 values (pairs of blocks of
    // 16), permuted 32 at a time.
    int64_t block = quantized ? quantized->getBlockSize() : 32;
    int64_t unit = std::max<int64_t>(block, 32);
    buildLoop(
        b, loc, c0, indexConstant(b, loc, k / unit), c1,
        [&](OpBuilder &b, Location loc, Value u) {
          Value start = arith::AddIOp::create(
              b, loc, base,
              arith::MulIOp::create(b, loc, u, indexConstant(b, loc, unit)));
          SmallVector<Value> halves;
          if (quantized) {
            Value firstBlock = arith::MulIOp::create(
                b, loc, u, indexConstant(b, loc, unit / block));
            quantized->storage.prefetchAhead(b, loc, row, firstBlock,
                                             prefetchBytes);
            halves =
                quantized->dequantizeUnitAsHalves(b, loc, row, u, !deferGlobal);
          } else {
            halves = splitEvenOdd(
                b, loc,
                plain->loadF32(b, loc, row,
                               arith::MulIOp::create(
                                   b, loc, u, indexConstant(b, loc, unit)),
                               unit));
          }
          for (size_t h = 0; h < halves.size(); ++h) {
            Value at = arith::AddIOp::create(
                b, loc, start,
                indexConstant(b, loc, 16 * static_cast<int64_t>(h)));
            storeConverted(b, loc, halves[h], dest, at);
          }
        });
  }
};

Operand getOperand(OpBuilder &b, Location loc, Value tensor,
                   BlockDecode decode, const CPUTarget &target) {
  Operand operand;
  operand.tensor = tensor;
  operand.prefetchBytes = target.prefetchBytes;
  if (isa<QuantizedTensorType>(tensor.getType()))
    operand.quantized =
        BlockDecoder{getQuantizedBuffers(b, loc, tensor), decode};
  else
    operand.plain = getFloatBuffer(b, loc, tensor);
  return operand;
}

/// The FusedDecode and PanelDecode kernels: one pattern each (`kernel`),
/// sharing how the operands and the result are set up.
struct MatmulLowering : OpRewritePattern<MatmulOp> {
  MatmulLowering(MLIRContext *context, const CPUTarget &target,
                 MatmulKernel kernel)
      : OpRewritePattern(context), target(target), kernel(kernel) {}

  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    MatmulChoice choice = selectMatmulKernel(op, target);
    if (choice.kernel != kernel)
      return rewriter.notifyMatchFailure(op, "another kernel is selected");
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    BlockDecode lhsDecode = BlockDecode::Arithmetic;
    if (auto type = dyn_cast<QuantizedTensorType>(op.getLhs().getType()))
      lhsDecode = selectBlockDecode(type, target);
    Operand lhs = getOperand(b, loc, op.getLhs(), lhsDecode, target);
    Operand rhs = getOperand(b, loc, op.getRhs(), choice.weightDecode, target);
    RankedTensorType resultType = op.getResult().getType();
    // K is static: the verifier matched it with a block-scaled operand's.
    int64_t k =
        isa<QuantizedTensorType>(op.getLhs().getType())
            ? cast<QuantizedTensorType>(op.getLhs().getType())
                  .getBlockedDimSize()
            : cast<RankedTensorType>(op.getLhs().getType()).getDimSize(1);
    // The widest power-of-two vector that divides K.
    int64_t lanes = target.f32Lanes();
    while (k % lanes != 0)
      lanes /= 2;

    Value m = lhs.rows(), n = rhs.rows();
    SmallVector<Value> resultSizes;
    if (resultType.isDynamicDim(0))
      resultSizes.push_back(m);
    if (resultType.isDynamicDim(1))
      resultSizes.push_back(n);
    FloatBuffer out = allocFloatBuffer(b, loc, resultType, resultSizes);
    std::optional<FloatBuffer> acc;
    if (op.getAcc())
      acc = getFloatBuffer(b, loc, op.getAcc());

    Value c0 = indexConstant(b, loc, 0);
    Value kValue = indexConstant(b, loc, k);

    // Table-decoded weights come in lookup order (even/odd halves of 32
    // elements for blocks of 32 or more): A follows it, and their global
    // scale multiplies finished dot products.
    bool lookupOrder = choice.lookupOrder;
    bool permuted = lookupOrder;
    rhs.deferGlobal = lookupOrder && rhs.quantized->storage.global;
    if (lookupOrder)
      lanes = 16;
    int64_t staticRows = resultType.getDimSize(0);
    bool fused = kernel == MatmulKernel::FusedDecode;
    bool bf16Dot = choice.bf16Dot;
    Type rowType = bf16Dot ? b.getBF16Type() : b.getF32Type();
    // A as f32 (or bf16) rows (a scratch buffer that the deallocation
    // pipeline frees after its last use).
    Value aRows = lhs.isF32() && !permuted ? lhs.plain->memref : Value();
    if (!aRows) {
      aRows = allocScratch(b, loc, arith::MulIOp::create(b, loc, m, kValue),
                           rowType);
      lhs.decodeRows(b, loc, c0, m, aRows, k, lanes, permuted, k,
                     target.parallel);
    }
    auto vectorType = VectorType::get({lanes}, b.getF32Type());

    auto storeResult = [&](OpBuilder &b, Location loc, Value sum, Value row,
                           Value colIndex) {
      storeDotProduct(b, loc, out, acc, rhs.deferredGlobal(), row, colIndex,
                      sum);
    };

    if (fused) {
      emitFused(b, loc, *rhs.quantized, aRows, m, n, k, staticRows,
                storeResult);
      rewriter.replaceOp(op, toTensor(b, loc, out));
      return success();
    }

    // B panels, one per group of weight rows; f32 weights are read in
    // place.
    bool decoded = !rhs.isF32();
    auto panelType = MemRefType::get({kPanelRows * (k + kPanelPad)}, rowType);
    bool panelOnStack =
        panelType.getNumElements() * rowType.getIntOrFloatBitWidth() / 8 <=
        kMaxStackPanelBytes;
    Value heapPanel;
    if (decoded && !panelOnStack)
      heapPanel = allocScratch(
          b, loc, indexConstant(b, loc, panelType.getNumElements()), rowType);

    // Panel rows a little more than a power of two apart, so that they do
    // not all fall into the same L1 sets.
    int64_t bPitch = decoded ? k + kPanelPad : k;
    auto emitTile = [&](OpBuilder &b, Location loc, Value n0, int64_t rows) {
      Value panel = heapPanel;
      if (decoded && panelOnStack)
        panel = memref::AllocaOp::create(b, loc, panelType, ValueRange(),
                                         b.getI64IntegerAttr(64));
      Value bRows = decoded ? panel : rhs.plain->memref;
      Value bBase = c0;
      if (decoded)
        rhs.decodeRows(b, loc, n0, indexConstant(b, loc, rows), panel, k, lanes,
                       lookupOrder, bPitch);
      else
        bBase = arith::MulIOp::create(b, loc, n0, kValue);
      // A register tile: `tileRows` rows of A times the panel's rows, one
      // accumulator each, every load of A and of B used several times.
      auto emitRowTile = [&](OpBuilder &b, Location loc, Value m0,
                             int64_t tileRows) {
        SmallVector<Value> aBases;
        for (int64_t i = 0; i < tileRows; ++i)
          aBases.push_back(arith::MulIOp::create(
              b, loc,
              arith::AddIOp::create(b, loc, m0, indexConstant(b, loc, i)),
              kValue));
        Value zero = arith::ConstantOp::create(
            b, loc,
            DenseElementsAttr::get(vectorType, b.getF32FloatAttr(0.0f)));
        SmallVector<Value> init(tileRows * rows, zero);
        // Each step reads `step` values of K from every row.
        int64_t step = bf16Dot ? 2 * lanes : lanes;
        auto loadType = VectorType::get({step}, rowType);
        ValueRange sums = buildLoop(
            b, loc, c0, kValue, indexConstant(b, loc, step), init,
            [&](OpBuilder &b, Location loc, Value col,
                ValueRange accs) -> SmallVector<Value> {
              SmallVector<Value> a, w;
              for (int64_t i = 0; i < tileRows; ++i)
                a.push_back(vector::LoadOp::create(
                    b, loc, loadType, aRows,
                    ValueRange{arith::AddIOp::create(b, loc, aBases[i], col)}));
              for (int64_t j = 0; j < rows; ++j) {
                Value offset = arith::AddIOp::create(
                    b, loc, bBase,
                    arith::AddIOp::create(b, loc, col,
                                          indexConstant(b, loc, j * bPitch)));
                w.push_back(
                    vector::LoadOp::create(b, loc, loadType, bRows, offset));
              }
              SmallVector<Value> next;
              for (int64_t i = 0; i < tileRows; ++i)
                for (int64_t j = 0; j < rows; ++j)
                  next.push_back(
                      bf16Dot ? Value(x86vector::DotBF16Op::create(
                                    b, loc, vectorType, accs[i * rows + j],
                                    a[i], w[j]))
                              : Value(vector::FMAOp::create(
                                    b, loc, a[i], w[j], accs[i * rows + j])));
              return next;
            });
        for (int64_t i = 0; i < tileRows; ++i) {
          Value row =
              arith::AddIOp::create(b, loc, m0, indexConstant(b, loc, i));
          for (int64_t j = 0; j < rows; ++j) {
            Value sum = vector::ReductionOp::create(
                b, loc, vector::CombiningKind::ADD, sums[i * rows + j]);
            storeResult(
                b, loc, sum, row,
                arith::AddIOp::create(b, loc, n0, indexConstant(b, loc, j)));
          }
        }
      };
      buildTiledLoop(b, loc, m, kTileRows, emitRowTile);
    };
    buildTiledLoop(b, loc, n, kPanelRows, emitTile,
                   target.parallel && (!decoded || panelOnStack));

    rewriter.replaceOp(op, toTensor(b, loc, out));
    return success();
  }

  /// For each tile of rows of A and each group of rows of B: one
  /// accumulator per pair, each block of B looked up in registers once
  /// (already in A's even/odd order) and fed to FMAs with every row of the
  /// tile. Up to kFusedMaxRows rows of A, the groups shrink so that the
  /// accumulators stay in registers.
  void emitFused(OpBuilder &b, Location loc, const BlockDecoder &weights,
                 Value aRows, Value m, Value n, int64_t k, int64_t staticRows,
                 function_ref<void(OpBuilder &, Location, Value, Value, Value)>
                     storeResult) const {
    Value c0 = indexConstant(b, loc, 0), c1 = indexConstant(b, loc, 1);
    // Table-decoded weights come a unit (a block, or two of 16) at a time.
    int64_t block =
        weights.usesTables() ? weights.getLookupUnit() : weights.getBlockSize();
    int64_t blocksPerUnit = block / weights.getBlockSize();
    // Register tiles (rows of A x weight rows): few rows against 4 weight
    // rows; more rows in tiles of 4 x 4 where a unit decodes through one
    // table (blocks of 32 or more: each looked-up vector then feeds four
    // rows of A), else all rows x 2 (NVFP4's two tables per unit leave too
    // few registers for a 4 x 4 tile of accumulators).
    int64_t weightRows = kPanelRows, rowTile = staticRows;
    if (staticRows > kFusedFewRows) {
      bool oneTable = weights.usesTables() && weights.getBlockSize() >= 32;
      weightRows = oneTable ? kPanelRows : 2;
      rowTile =
          oneTable ? std::min<int64_t>(staticRows, kTileRows) : staticRows;
    }
    // With one or two rows of A, E8M0 blocks decoded arithmetically scale
    // each block's partial dot product (one multiply per block and row)
    // rather than every element (one per 16 values): fewer operations on
    // the FMA pipes, which decoding shares.
    bool scalePartials = !weights.usesTables() &&
                         weights.storage.getScheme().hasE8M0Scales() &&
                         staticRows <= kFusedFewRows;
    // Units under a cache line per row (MXFP8's 32-byte blocks) go two per
    // iteration, with one prefetch per row: fewer scalar instructions
    // around each block.
    int64_t unitBytes =
        block * weights.storage.getScheme().getElementBits() / 8;
    int64_t unitsPerStep = unitBytes < 64 && (k / block) % 2 == 0 ? 2 : 1;
    auto vectorType = VectorType::get({16}, b.getF32Type());
    auto emitTile = [&](OpBuilder &b, Location loc, Value m0, int64_t rows,
                        Value n0, int64_t wRows) {
      SmallVector<Value> aBase;
      for (int64_t i = 0; i < rows; ++i)
        aBase.push_back(arith::MulIOp::create(
            b, loc, arith::AddIOp::create(b, loc, m0, indexConstant(b, loc, i)),
            indexConstant(b, loc, k)));
      Value zero = arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(vectorType, b.getF32FloatAttr(0.0f)));
      SmallVector<Value> init(rows * wRows, zero);
      ValueRange sums = buildLoop(
          b, loc, c0, indexConstant(b, loc, k / (block * unitsPerStep)), c1,
          init,
          [&](OpBuilder &b, Location loc, Value stepIndex,
              ValueRange accs) -> SmallVector<Value> {
            SmallVector<Value> next(accs);
            for (int64_t u = 0; u < unitsPerStep; ++u) {
              Value blk = arith::AddIOp::create(
                  b, loc,
                  arith::MulIOp::create(b, loc, stepIndex,
                                        indexConstant(b, loc, unitsPerStep)),
                  indexConstant(b, loc, u));
              Value offset = arith::MulIOp::create(
                  b, loc, blk, indexConstant(b, loc, block));
              for (int64_t j = 0; j < wRows; ++j) {
                Value wRow =
                    arith::AddIOp::create(b, loc, n0, indexConstant(b, loc, j));
                if (u == 0)
                  weights.storage.prefetchAhead(
                      b, loc, wRow,
                      arith::MulIOp::create(
                          b, loc, blk, indexConstant(b, loc, blocksPerUnit)),
                      target.prefetchBytes);
                SmallVector<Value> halves;
                Value scale;
                if (weights.usesTables()) {
                  halves = weights.dequantizeUnitInLookupOrder(
                      b, loc, wRow, blk, /*withGlobal=*/false);
                } else {
                  // Element order, 16 values per vector.
                  Value values;
                  if (scalePartials) {
                    std::tie(values, scale) =
                        weights.decodeBlockUnscaled(b, loc, wRow, blk);
                    scale =
                        vector::BroadcastOp::create(b, loc, vectorType, scale);
                  } else {
                    values = weights.dequantizeBlock(b, loc, wRow, blk);
                  }
                  for (int64_t h = 0; h < block / 16; ++h)
                    halves.push_back(vector::ExtractStridedSliceOp::create(
                        b, loc, values, ArrayRef<int64_t>{16 * h},
                        ArrayRef<int64_t>{16}, ArrayRef<int64_t>{1}));
                }
                for (int64_t i = 0; i < rows; ++i) {
                  Value start = arith::AddIOp::create(b, loc, aBase[i], offset);
                  Value &sum = next[i * wRows + j];
                  Value partial;
                  for (size_t h = 0; h < halves.size(); ++h) {
                    Value a = vector::LoadOp::create(
                        b, loc, vectorType, aRows,
                        ValueRange{arith::AddIOp::create(
                            b, loc, start,
                            indexConstant(b, loc,
                                          16 * static_cast<int64_t>(h)))});
                    if (!scale)
                      sum = vector::FMAOp::create(b, loc, a, halves[h], sum);
                    else if (!partial)
                      partial = arith::MulFOp::create(b, loc, a, halves[h]);
                    else
                      partial =
                          vector::FMAOp::create(b, loc, a, halves[h], partial);
                  }
                  if (scale)
                    sum = vector::FMAOp::create(b, loc, partial, scale, sum);
                }
              }
            }
            return next;
          });
      for (int64_t i = 0; i < rows; ++i) {
        Value row = arith::AddIOp::create(b, loc, m0, indexConstant(b, loc, i));
        for (int64_t j = 0; j < wRows; ++j) {
          Value sum = vector::ReductionOp::create(
              b, loc, vector::CombiningKind::ADD, sums[i * wRows + j]);
          storeResult(
              b, loc, sum, row,
              arith::AddIOp::create(b, loc, n0, indexConstant(b, loc, j)));
        }
      }
    };
    buildTiledLoop(
        b, loc, n, weightRows,
        [&](OpBuilder &b, Location loc, Value n0, int64_t wRows) {
          buildTiledLoop(b, loc, m, rowTile,
                         [&](OpBuilder &b, Location loc, Value m0,
                             int64_t rows) {
                           emitTile(b, loc, m0, rows, n0, wRows);
                         });
        },
        target.parallel);
  }

  CPUTarget target;
  MatmulKernel kernel;
};

} // namespace

void cpu::populateMatmulLoweringPatterns(RewritePatternSet &patterns,
                                         const CPUTarget &target) {
  patterns.add<MatmulLowering>(patterns.getContext(), target,
                               MatmulKernel::FusedDecode);
  patterns.add<MatmulLowering>(patterns.getContext(), target,
                               MatmulKernel::PanelDecode);
}
