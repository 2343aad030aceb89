//===- FloatPanelGemm.cpp - f32/bf16 activations, outer-product tiles -----===//
//
// Many rows of f32 (or bf16) activations times block-scaled weights: a
// panel of B, 64 rows by a depth of K, is dequantized once into an L1
// buffer with K major - each value of K a row of 64 f32 weights, or each
// pair of values of K a row of 64 bf16 pairs - and multiplied by a register
// tile of 6 rows of A x 64 columns of C. Per value (pair) of K: four panel
// loads, 6 broadcasts of A (read in place) and 24 FMAs (`vdpbf16ps`).
// (Of the tiles that fit the 32 vector registers, 6 x 64 needs the fewest
// loads per FMA.)
// Columns of C lie across the lanes, so nothing is reduced at the end, and
// each weight is dequantized once per panel, not once per few rows of A.
// The panel keeps the order of table decoding (each 32 values of K: the
// even ones, then the odd ones); A's broadcasts follow it with constant
// offsets, and a bf16 pair is then an even value with the odd one after it,
// adjacent in A.
//
//===----------------------------------------------------------------------===//

#include "BlockDecoders.h"
#include "Loops.h"
#include "Lowerings.h"
#include "PanelTiles.h"

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

constexpr int64_t kLanes = kTileLanes;
/// Columns of C (rows of B) per panel: vectors of kLanes.
constexpr int64_t kPanelVectors = 4;
constexpr int64_t kPanelCols = kPanelVectors * kLanes;
/// Values of K per panel: 32 KB of f32 (or bf16) weights stay in L1.
constexpr int64_t kF32Depth = 128;
constexpr int64_t kBF16Depth = 256;
/// Rows of A per register tile, then smaller tiles for the rest.
constexpr int64_t kTileRows[] = {6, 2, 1};
/// Values of K in lookup order: 16 even ones, then 16 odd ones.
constexpr int64_t kUnit = 32;

/// K offset within a 32-value chunk of the panel's row p.
int64_t lookupOffset(int64_t p) {
  return p < kUnit / 2 ? 2 * p : 2 * (p - kUnit / 2) + 1;
}

struct FloatPanelGemmLowering : OpRewritePattern<MatmulOp> {
  FloatPanelGemmLowering(MLIRContext *context, const CPUTarget &target)
      : OpRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    MatmulChoice choice = selectMatmulKernel(op, target);
    if (choice.kernel != MatmulKernel::FloatPanelGemm)
      return rewriter.notifyMatchFailure(op, "another kernel is selected");
    bool bf16 = choice.bf16Dot;
    int64_t k = cast<RankedTensorType>(op.getLhs().getType()).getDimSize(1);
    int64_t depth = floatPanelGemmDepth(bf16);
    int64_t unit =
        std::max<int64_t>(cast<QuantizedTensorType>(op.getRhs().getType())
                              .getScheme()
                              .getBlockSize(),
                          kUnit);
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    State s;
    s.bf16 = bf16;
    s.k = k;
    s.unit = unit;
    FloatBuffer lhs = getFloatBuffer(b, loc, op.getLhs());
    s.a = lhs.memref;
    s.m = lhs.rows;
    // Activations that do not take bf16 dot products are multiplied as f32.
    if (!bf16 && !lhs.getElementType().isF32())
      s.a = copyRowsAsF32(b, loc, lhs, k, target.parallel);
    s.w = getBlockDecoder(b, loc, op.getRhs(), target);
    s.n = s.w.storage.rows;
    s.out =
        allocAccumulatedResult(b, loc, op.getResult(), op.getAcc(), s.m, s.n);
    auto allocPanel = [&](OpBuilder &b, Location loc) {
      s.panel = memref::AllocaOp::create(
          b, loc,
          MemRefType::get({depth * kPanelCols},
                          bf16 ? b.getBF16Type() : b.getF32Type()),
          ValueRange(), b.getI64IntegerAttr(64));
    };

    auto pack = [&](OpBuilder &b, Location loc, Value n0, Value k0,
                    int64_t size) { packPanel(b, loc, s, n0, k0, size); };
    auto tile = [&](OpBuilder &b, Location loc, Value m0, int64_t rows,
                    Value n0, Value k0, int64_t size) {
      emitTile(b, loc, s, m0, rows, n0, k0, size);
    };
    buildPanelLoops(b, loc, s.m, s.n, k, kPanelCols, depth, kTileRows,
                    target.parallel, allocPanel, pack, tile);
    rewriter.replaceOp(op, toTensor(b, loc, s.out));
    return success();
  }

private:
  struct State {
    bool bf16;
    int64_t k, unit;
    Value a; // flat f32 or bf16 [M][K]
    Value m, n;
    BlockDecoder w;
    FloatBuffer out;
    // f32: [value of K][kPanelCols]; bf16: [pair of K][kPanelCols][2].
    Value panel;
  };

  static VectorType f32Vector(OpBuilder &b) {
    return VectorType::get({kLanes}, b.getF32Type());
  }

  /// B's rows [n0, n0 + kPanelCols) (past N: the last row again, never
  /// stored) and values [k0, k0 + depth) of K, dequantized into the panel.
  void packPanel(OpBuilder &b, Location loc, const State &s, Value n0, Value k0,
                 int64_t depth) const {
    Value lastRow =
        arith::SubIOp::create(b, loc, s.n, indexConstant(b, loc, 1));
    Value firstUnit =
        arith::DivUIOp::create(b, loc, k0, indexConstant(b, loc, s.unit));
    CodecBuilder codec(b, loc);
    buildLoop(
        b, loc, indexConstant(b, loc, 0), indexConstant(b, loc, depth / s.unit),
        indexConstant(b, loc, 1), [&](OpBuilder &b, Location loc, Value u) {
          Value unitIndex = arith::AddIOp::create(b, loc, firstUnit, u);
          // Chunk c of this unit: panel rows from (u·unit + 32c) (f32), or
          // (u·unit + 32c) / 2 (bf16 pairs).
          Value unitStart =
              arith::MulIOp::create(b, loc, u, indexConstant(b, loc, s.unit));
          for (int64_t v = 0; v < kPanelVectors; ++v) {
            SmallVector<SmallVector<Value>> halvesPerRow;
            for (int64_t j = 0; j < kLanes; ++j) {
              Value row = arith::MinUIOp::create(
                  b, loc,
                  arith::AddIOp::create(b, loc, n0,
                                        indexConstant(b, loc, v * kLanes + j)),
                  lastRow);
              halvesPerRow.push_back(s.w.dequantizeUnitAsHalves(
                  b, loc, row, unitIndex, /*withGlobal=*/true));
            }
            for (int64_t c = 0; c < s.unit / kUnit; ++c) {
              SmallVector<Value> columns[2];
              for (int64_t half = 0; half < 2; ++half) {
                SmallVector<Value> rows;
                for (int64_t j = 0; j < kLanes; ++j)
                  rows.push_back(halvesPerRow[j][2 * c + half]);
                columns[half] = transposeSquare(b, loc, rows);
              }
              Value chunkStart = arith::AddIOp::create(
                  b, loc, unitStart, indexConstant(b, loc, kUnit * c));
              if (!s.bf16) {
                for (int64_t p = 0; p < kUnit; ++p) {
                  Value at = arith::AddIOp::create(
                      b, loc,
                      arith::MulIOp::create(
                          b, loc,
                          arith::AddIOp::create(b, loc, chunkStart,
                                                indexConstant(b, loc, p)),
                          indexConstant(b, loc, kPanelCols)),
                      indexConstant(b, loc, v * kLanes));
                  vector::StoreOp::create(b, loc,
                                          columns[p / kLanes][p % kLanes],
                                          s.panel, ValueRange{at});
                }
                continue;
              }
              // Pair j: the even value 2j and the odd value 2j + 1.
              for (int64_t j = 0; j < kLanes; ++j) {
                Value pair = vector::InterleaveOp::create(
                    b, loc, codec.truncToBF16(columns[0][j]),
                    codec.truncToBF16(columns[1][j]));
                Value pairRow = arith::AddIOp::create(
                    b, loc,
                    arith::DivUIOp::create(b, loc, chunkStart,
                                           indexConstant(b, loc, 2)),
                    indexConstant(b, loc, j));
                Value at = arith::AddIOp::create(
                    b, loc,
                    arith::MulIOp::create(
                        b, loc, pairRow, indexConstant(b, loc, 2 * kPanelCols)),
                    indexConstant(b, loc, 2 * v * kLanes));
                vector::StoreOp::create(b, loc, pair, s.panel, ValueRange{at});
              }
            }
          }
        });
  }

  /// A's value at `index` (f32), or the bf16 pair starting there, in every
  /// lane.
  static Value broadcastA(OpBuilder &b, Location loc, const State &s,
                          Value index) {
    if (!s.bf16)
      return vector::BroadcastOp::create(
          b, loc, f32Vector(b),
          memref::LoadOp::create(b, loc, s.a, ValueRange{index}));
    Value pair = vector::LoadOp::create(
        b, loc, VectorType::get({2}, b.getBF16Type()), s.a, ValueRange{index});
    Value word = vector::ExtractOp::create(
        b, loc,
        vector::BitCastOp::create(b, loc, VectorType::get({1}, b.getI32Type()),
                                  pair),
        ArrayRef<int64_t>{0});
    return vector::BitCastOp::create(
        b, loc, VectorType::get({2 * kLanes}, b.getBF16Type()),
        vector::BroadcastOp::create(
            b, loc, VectorType::get({kLanes}, b.getI32Type()), word));
  }

  /// C[m0 .. m0 + rows, n0 .. n0 + kPanelCols) += A · panel^T over
  /// [k0, k0 + depth).
  void emitTile(OpBuilder &b, Location loc, const State &s, Value m0,
                int64_t rows, Value n0, Value k0, int64_t depth) const {
    // Row m0's values at k0; every other address is a constant away, which
    // the loads take as a displacement.
    Value aBase = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, m0, indexConstant(b, loc, s.k)),
        k0);
    ResultTile tile(b, loc, s.out, s.n, m0, rows, n0, kPanelVectors);
    // Panel rows per chunk of 32 values of K, and values of K per row.
    int64_t steps = s.bf16 ? kUnit / 2 : kUnit;
    auto panelType = VectorType::get({s.bf16 ? 2 * kLanes : kLanes},
                                     s.bf16 ? b.getBF16Type() : b.getF32Type());
    int64_t panelRowSize = s.bf16 ? 2 * kPanelCols : kPanelCols;
    ValueRange sums = buildLoop(
        b, loc, indexConstant(b, loc, 0), indexConstant(b, loc, depth / kUnit),
        indexConstant(b, loc, 1), tile.load(b, loc),
        [&](OpBuilder &b, Location loc, Value t,
            ValueRange accs) -> SmallVector<Value> {
          SmallVector<Value> next(accs);
          Value chunkA = arith::AddIOp::create(
              b, loc, aBase,
              arith::MulIOp::create(b, loc, t, indexConstant(b, loc, kUnit)));
          Value chunkRow =
              arith::MulIOp::create(b, loc, t, indexConstant(b, loc, steps));
          for (int64_t p = 0; p < steps; ++p) {
            Value rowAt = arith::MulIOp::create(
                b, loc,
                arith::AddIOp::create(b, loc, chunkRow,
                                      indexConstant(b, loc, p)),
                indexConstant(b, loc, panelRowSize));
            SmallVector<Value> weights;
            for (int64_t v = 0; v < kPanelVectors; ++v)
              weights.push_back(vector::LoadOp::create(
                  b, loc, panelType, s.panel,
                  ValueRange{arith::AddIOp::create(
                      b, loc, rowAt,
                      indexConstant(b, loc,
                                    v * panelRowSize / kPanelVectors))}));
            // f32: row p holds value lookupOffset(p); bf16: pair p holds
            // values 2p and 2p + 1.
            int64_t offset = s.bf16 ? 2 * p : lookupOffset(p);
            for (int64_t i = 0; i < rows; ++i) {
              Value a = broadcastA(
                  b, loc, s,
                  arith::AddIOp::create(
                      b, loc, chunkA, indexConstant(b, loc, i * s.k + offset)));
              for (int64_t v = 0; v < kPanelVectors; ++v) {
                Value &sum = next[i * kPanelVectors + v];
                sum = s.bf16 ? Value(x86vector::DotBF16Op::create(
                                   b, loc, f32Vector(b), sum, a, weights[v]))
                             : Value(vector::FMAOp::create(b, loc, a,
                                                           weights[v], sum));
              }
            }
          }
          return next;
        });
    tile.store(b, loc, sums);
  }

  CPUTarget target;
};

} // namespace

int64_t cpu::floatPanelGemmDepth(bool bf16) {
  return bf16 ? kBF16Depth : kF32Depth;
}

void cpu::populateFloatPanelGemmPatterns(RewritePatternSet &patterns,
                                         const CPUTarget &target) {
  patterns.add<FloatPanelGemmLowering>(patterns.getContext(), target);
}
