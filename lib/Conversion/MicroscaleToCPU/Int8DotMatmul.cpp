//===- Int8DotMatmul.cpp - both operands as exact int8, vpdpbusd ----------===//
//
// When both matmul operands hold elements that are small integers times a
// power of two (E2M1, E2M3, INT8; E8M0 block scales, or NVFP4's E4M3 ones),
// each block's dot product is an exact int32 sum of int8 products
// (Numerics §4), which the blocks' f32 scales multiply once. With AVX-512
// VNNI, `vpdpbusd` adds four u8 x s8 products per 32-bit lane:
//  - A is converted once to rows of int8 images, with per block its f32
//    scale and the correction -128 · Σa (below);
//  - B is converted a panel at a time (32 rows, 512 values of K, L1
//    resident) to int8 images plus 128 (unsigned), laid out "VNNI style":
//    for each group of 4 values of K, the 32 rows' 4 bytes side by side
//    (E2M1 rows are rearranged as storage bytes, then decoded by table
//    lookups, already in that order);
//  - a register tile of 4 rows of A x 32 columns: per block, int32
//    accumulators start at the correction, take one vpdpbusd per group of 4
//    K (A's 4 bytes broadcast), then convert exactly to f32 and are
//    multiplied by sa, then by sb into f32 accumulators.
// Σ (b + 128) a = Σ ab + 128 Σa, so starting from -128 Σa leaves the exact
// block dot product (at most 64 · 127 · 127 < 2^24: exact in f32).
//
//===----------------------------------------------------------------------===//

#include "Buffers.h"
#include "IntegerImages.h"
#include "Loops.h"
#include "Lowerings.h"
#include "PanelTiles.h"
#include "X86Intrinsics.h"

#include "microscale/Conversion/Codecs/ElementCodecs.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::cpu;

namespace {

constexpr int64_t kLanes = kTileLanes;
/// Columns of C (rows of B) a panel holds: vectors of kLanes.
constexpr int64_t kPanelVectors = 2;
constexpr int64_t kPanelCols = kPanelVectors * kLanes;
/// Values of K a panel holds: kPanelDepth · kPanelCols bytes stay in L1.
constexpr int64_t kPanelDepth = 512;
/// Rows of A in the register tile.
constexpr int64_t kTileRows = 4;
/// Prefetches go a cache line at a time.
constexpr int64_t kCacheLineBytes = 64;
/// Added to B's images to make them unsigned for vpdpbusd.
constexpr int64_t kUnsignedBias = 128;

Value dotUnsignedSigned(OpBuilder &b, Location loc, Value acc,
                        Value unsignedBytes, Value signedBytes) {
  return callVectorIntrinsic(b, loc, acc.getType(), kDotU8S8,
                             ValueRange{acc, unsignedBytes, signedBytes});
}

/// The block's scale · 2^-shift, times the global scale where there is one
/// (NVFP4: E4M3 scale times global rounded once per block, within the
/// Numerics §4 bound; E8M0 scales stay exact powers of two).
Value blockScale(OpBuilder &b, Location loc, const QuantizedBuffers &buffers,
                 Value row, Value block, int64_t shift) {
  CodecBuilder codec(b, loc);
  Value scale = buffers.loadScale(b, loc, row, block);
  scale = arith::MulFOp::create(
      b, loc, scale,
      codec.f32(scale.getType(), 1.0f / static_cast<float>(1 << shift)));
  if (buffers.global)
    scale = arith::MulFOp::create(b, loc, scale, buffers.global);
  return scale;
}

struct Int8DotMatmulLowering : OpRewritePattern<MatmulOp> {
  Int8DotMatmulLowering(MLIRContext *context, const CPUTarget &target)
      : OpRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(MatmulOp op,
                                PatternRewriter &rewriter) const override {
    MatmulChoice choice = selectMatmulKernel(op, target);
    if (choice.kernel != MatmulKernel::Int8Dot)
      return rewriter.notifyMatchFailure(op, "another kernel is selected");
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    auto aType = cast<QuantizedTensorType>(op.getLhs().getType());
    auto bType = cast<QuantizedTensorType>(op.getRhs().getType());
    State s;
    s.a = getQuantizedBuffers(b, loc, op.getLhs());
    s.b = getQuantizedBuffers(b, loc, op.getRhs());
    s.aShift = *integerImageShift(aType.getScheme().getElementType());
    s.bShift = *integerImageShift(bType.getScheme().getElementType());
    s.k = aType.getBlockedDimSize();
    s.block = aType.getScheme().getBlockSize();
    s.groups = llvm::alignTo(s.k, kImageChunk) / 4;
    s.m = s.a.rows;
    s.n = s.b.rows;

    s.out =
        allocAccumulatedResult(b, loc, op.getResult(), op.getAcc(), s.m, s.n);
    convertA(b, loc, s);
    auto allocPanel = [&](OpBuilder &b, Location loc) {
      s.panel = memref::AllocaOp::create(
          b, loc,
          MemRefType::get({kPanelDepth / 4 * kPanelCols}, b.getI32Type()),
          ValueRange(), b.getI64IntegerAttr(64));
      s.panelScales = memref::AllocaOp::create(
          b, loc,
          MemRefType::get({kPanelDepth / s.block * kPanelCols}, b.getF32Type()),
          ValueRange(), b.getI64IntegerAttr(64));
    };
    auto pack = [&](OpBuilder &b, Location loc, Value n0, Value k0,
                    int64_t depth) { packPanel(b, loc, s, n0, k0, depth); };
    auto tile = [&](OpBuilder &b, Location loc, Value m0, int64_t rows,
                    Value n0, Value k0, int64_t depth) {
      emitTile(b, loc, s, m0, rows, n0, k0, depth);
    };
    buildPanelLoops(b, loc, s.m, s.n, s.k, kPanelCols, kPanelDepth,
                    {kTileRows, 1}, target.parallel, allocPanel, pack, tile);

    rewriter.replaceOp(op, toTensor(b, loc, s.out));
    return success();
  }

private:
  struct State {
    QuantizedBuffers a, b;
    int64_t aShift, bShift;
    int64_t k, block;
    int64_t groups; // of 4 values of K per row of A's images (K padded)
    Value m, n;
    FloatBuffer out;
    Value aImages;      // i32 [M][groups]: 4 int8 images each
    Value aCorrections; // i32 [M][K / block]: -128 · Σa per block
    Value aScales;      // f32 [M][K / block]
    Value panel;        // i32 [kPanelDepth / 4][kPanelCols]
    Value panelScales;  // f32 [kPanelDepth / block][kPanelCols]

    int64_t blocksPerRow() const { return k / block; }
  };

  static VectorType i32Vector(OpBuilder &b) {
    return VectorType::get({kLanes}, b.getI32Type());
  }
  static VectorType f32Vector(OpBuilder &b) {
    return VectorType::get({kLanes}, b.getF32Type());
  }
  static VectorType byteVector(OpBuilder &b) {
    return VectorType::get({4 * kLanes}, b.getI8Type());
  }

  /// Calls body(first, count) for each chunk of K: whole chunks of 64 in a
  /// loop over [begin, begin + depth), then the shorter rest.
  static void forEachChunk(
      OpBuilder &b, Location loc, Value begin, int64_t depth,
      function_ref<void(OpBuilder &, Location, Value, Value, int64_t)> body) {
    int64_t whole = depth / kImageChunk, rest = depth % kImageChunk;
    Value c0 = indexConstant(b, loc, 0);
    buildLoop(b, loc, c0, indexConstant(b, loc, whole * kImageChunk),
              indexConstant(b, loc, kImageChunk),
              [&](OpBuilder &b, Location loc, Value offset) {
                body(b, loc, arith::AddIOp::create(b, loc, begin, offset),
                     offset, kImageChunk);
              });
    if (rest) {
      Value offset = indexConstant(b, loc, whole * kImageChunk);
      body(b, loc, arith::AddIOp::create(b, loc, begin, offset), offset, rest);
    }
  }

  /// A's images, per-block corrections and scales, all rows at once.
  void convertA(OpBuilder &b, Location loc, State &s) const {
    int64_t blocks = s.blocksPerRow();
    Value blocksValue = indexConstant(b, loc, blocks);
    s.aImages = allocScratch(
        b, loc,
        arith::MulIOp::create(b, loc, s.m, indexConstant(b, loc, s.groups)),
        b.getI32Type());
    Value perBlock = arith::MulIOp::create(b, loc, s.m, blocksValue);
    s.aCorrections = allocScratch(b, loc, perBlock, b.getI32Type());
    s.aScales = allocScratch(b, loc, perBlock, b.getF32Type());
    Value c0 = indexConstant(b, loc, 0), c1 = indexConstant(b, loc, 1);
    buildIndependentLoop(
        b, loc, c0, s.m, c1, target.parallel,
        [&](OpBuilder &b, Location loc, Value row) {
          Value imageBase = arith::MulIOp::create(
              b, loc, row, indexConstant(b, loc, s.groups));
          Value blockBase = arith::MulIOp::create(b, loc, row, blocksValue);
          forEachChunk(
              b, loc, c0, s.k,
              [&](OpBuilder &b, Location loc, Value first, Value,
                  int64_t count) {
                Value images =
                    loadIntegerImages(b, loc, s.a, row, first, count);
                Value at = arith::AddIOp::create(
                    b, loc, imageBase,
                    arith::DivUIOp::create(b, loc, first,
                                           indexConstant(b, loc, 4)));
                vector::StoreOp::create(
                    b, loc,
                    vector::BitCastOp::create(b, loc, i32Vector(b), images),
                    s.aImages, at);
                Value firstBlock = arith::DivUIOp::create(
                    b, loc, first, indexConstant(b, loc, s.block));
                for (int64_t i = 0; i < count / s.block; ++i) {
                  Value slice = vector::ExtractStridedSliceOp::create(
                      b, loc, images, ArrayRef<int64_t>{i * s.block},
                      ArrayRef<int64_t>{s.block}, ArrayRef<int64_t>{1});
                  Value wide = arith::ExtSIOp::create(
                      b, loc, VectorType::get({s.block}, b.getI32Type()),
                      slice);
                  Value sum = vector::ReductionOp::create(
                      b, loc, vector::CombiningKind::ADD, wide);
                  Value correction = arith::MulIOp::create(
                      b, loc, sum,
                      arith::ConstantOp::create(
                          b, loc, b.getI32IntegerAttr(-kUnsignedBias)));
                  Value blockIndex = arith::AddIOp::create(
                      b, loc, firstBlock, indexConstant(b, loc, i));
                  memref::StoreOp::create(b, loc, correction, s.aCorrections,
                                          ValueRange{arith::AddIOp::create(
                                              b, loc, blockBase, blockIndex)});
                }
              });
          buildLoop(
              b, loc, c0, blocksValue, c1,
              [&](OpBuilder &b, Location loc, Value blk) {
                memref::StoreOp::create(
                    b, loc, blockScale(b, loc, s.a, row, blk, s.aShift),
                    s.aScales,
                    ValueRange{arith::AddIOp::create(b, loc, blockBase, blk)});
              });
        });
  }

  /// Asks the cache for the bytes the next panel depth packs: the panel
  /// reads kPanelCols rows at once, more streams than the hardware
  /// prefetcher follows (at M = 8 the packing waited on DRAM). After a
  /// panel's last depth come the first bytes of the next panel's rows.
  static void prefetchNextDepth(OpBuilder &b, Location loc, const State &s,
                                Value n0, Value k0, int64_t depth) {
    int64_t depthBytes = s.b.getScheme().getStorageBytes(kPanelDepth);
    Value next = arith::AddIOp::create(b, loc, k0, indexConstant(b, loc, depth));
    Value nextPanel =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge, next,
                              indexConstant(b, loc, s.k));
    Value c0 = indexConstant(b, loc, 0);
    Value nextBlock = arith::SelectOp::create(
        b, loc, nextPanel, c0,
        arith::DivUIOp::create(b, loc, next, indexConstant(b, loc, s.block)));
    Value rowStep = arith::SelectOp::create(
        b, loc, nextPanel, indexConstant(b, loc, kPanelCols), c0);
    Value firstRow = arith::AddIOp::create(b, loc, n0, rowStep);
    for (int64_t j = 0; j < kPanelCols; ++j) {
      // Rows past N: prefetchAhead clamps to the buffer.
      Value row =
          arith::AddIOp::create(b, loc, firstRow, indexConstant(b, loc, j));
      for (int64_t line = 0; line < depthBytes; line += kCacheLineBytes)
        s.b.prefetchAhead(b, loc, row, nextBlock, line);
    }
  }

  /// kLanes rows of B over values [first, first + count) of K, unsigned
  /// (images + 128), one vector<64xi8> per group of 4 values of K with each
  /// row's 4 bytes in its lane. E2M1 rows are rearranged as storage bytes
  /// before their table lookup; other elements are decoded a row at a time,
  /// then transposed.
  static SmallVector<Value> weightGroups(OpBuilder &b, Location loc,
                                         const State &s, ArrayRef<Value> rows,
                                         Value first, int64_t count) {
    static_assert(kGroupRows == kLanes, "a row per int32 lane");
    if (isa<Float4E2M1FNType>(s.b.getScheme().getElementType()))
      return loadE2M1Groups(b, loc, s.b, rows, first, count, kUnsignedBias);
    Value bias = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(
            byteVector(b),
            b.getI8IntegerAttr(static_cast<int8_t>(kUnsignedBias))));
    SmallVector<Value> words;
    for (Value row : rows) {
      Value images = arith::XOrIOp::create(
          b, loc, loadIntegerImages(b, loc, s.b, row, first, count), bias);
      words.push_back(vector::BitCastOp::create(b, loc, i32Vector(b), images));
    }
    SmallVector<Value> groups;
    for (Value column : transposeSquare(b, loc, words))
      groups.push_back(vector::BitCastOp::create(b, loc, byteVector(b), column));
    return groups;
  }

  /// B's rows [n0, n0 + kPanelCols) and values [k0, k0 + depth) of K as
  /// unsigned images in VNNI order, and their block scales. Rows past N
  /// repeat the last row (their results are never stored).
  void packPanel(OpBuilder &b, Location loc, const State &s, Value n0, Value k0,
                 int64_t depth) const {
    Value lastRow =
        arith::SubIOp::create(b, loc, s.n, indexConstant(b, loc, 1));
    auto rowOf = [&](OpBuilder &b, Location loc, int64_t j) -> Value {
      return arith::MinUIOp::create(
          b, loc, arith::AddIOp::create(b, loc, n0, indexConstant(b, loc, j)),
          lastRow);
    };
    prefetchNextDepth(b, loc, s, n0, k0, depth);
    forEachChunk(
        b, loc, k0, depth,
        [&](OpBuilder &b, Location loc, Value first, Value offset,
            int64_t count) {
          // Group g of the chunk: panel row offset / 4 + g.
          Value groupBase = arith::MulIOp::create(
              b, loc,
              arith::DivUIOp::create(b, loc, offset, indexConstant(b, loc, 4)),
              indexConstant(b, loc, kPanelCols));
          for (int64_t v = 0; v < kPanelVectors; ++v) {
            SmallVector<Value> rows;
            for (int64_t j = 0; j < kLanes; ++j)
              rows.push_back(rowOf(b, loc, v * kLanes + j));
            SmallVector<Value> groups = weightGroups(b, loc, s, rows, first,
                                                     count);
            for (int64_t g = 0; g < count / 4; ++g)
              vector::StoreOp::create(
                  b, loc,
                  vector::BitCastOp::create(b, loc, i32Vector(b), groups[g]),
                  s.panel,
                  ValueRange{arith::AddIOp::create(
                      b, loc, groupBase,
                      indexConstant(b, loc, g * kPanelCols + v * kLanes))});
          }
        });
    packPanelScales(b, loc, s, rowOf, k0, depth);
  }

  /// The panel's block scales (times 2^-shift and the global), for each
  /// block the kPanelCols rows' side by side: each row's blocks decoded as
  /// one vector, then transposed a square of kLanes rows at a time (a
  /// dozen scalar instructions per block otherwise: a quarter of the
  /// kernel's time at M = 8).
  void packPanelScales(
      OpBuilder &b, Location loc, const State &s,
      function_ref<Value(OpBuilder &, Location, int64_t)> rowOf, Value k0,
      int64_t depth) const {
    int64_t blocks = depth / s.block;
    Value firstBlock =
        arith::DivUIOp::create(b, loc, k0, indexConstant(b, loc, s.block));
    CodecBuilder codec(b, loc);
    for (int64_t done = 0; done < blocks; done += kLanes) {
      int64_t count = std::min(kLanes, blocks - done);
      Value first =
          arith::AddIOp::create(b, loc, firstBlock, indexConstant(b, loc, done));
      auto countType = VectorType::get({count}, b.getF32Type());
      SmallVector<int64_t> padded;
      for (int64_t i = 0; i < kLanes; ++i)
        padded.push_back(std::min(i, count - 1));
      for (int64_t v = 0; v < kPanelVectors; ++v) {
        SmallVector<Value> rows;
        for (int64_t j = 0; j < kLanes; ++j) {
          Value scales =
              s.b.loadScales(b, loc, rowOf(b, loc, v * kLanes + j), first, count);
          scales = arith::MulFOp::create(
              b, loc, scales,
              codec.f32(countType, 1.0f / static_cast<float>(1 << s.bShift)));
          if (s.b.global)
            scales = arith::MulFOp::create(
                b, loc, scales,
                vector::BroadcastOp::create(b, loc, countType, s.b.global));
          rows.push_back(
              vector::ShuffleOp::create(b, loc, scales, scales, padded));
        }
        SmallVector<Value> columns = transposeSquare(b, loc, rows);
        for (int64_t i = 0; i < count; ++i)
          vector::StoreOp::create(
              b, loc, columns[i], s.panelScales,
              indexConstant(b, loc, (done + i) * kPanelCols + v * kLanes));
      }
    }
  }

  /// C[m0 .. m0 + rows, n0 .. n0 + kPanelCols) += A · panel^T over
  /// [k0, k0 + depth).
  void emitTile(OpBuilder &b, Location loc, const State &s, Value m0,
                int64_t rows, Value n0, Value k0, int64_t depth) const {
    int64_t blocks = s.blocksPerRow();
    int64_t groupsPerBlock = s.block / 4;
    SmallVector<Value> imageBase, blockBase;
    for (int64_t i = 0; i < rows; ++i) {
      Value row = arith::AddIOp::create(b, loc, m0, indexConstant(b, loc, i));
      imageBase.push_back(arith::AddIOp::create(
          b, loc,
          arith::MulIOp::create(b, loc, row, indexConstant(b, loc, s.groups)),
          arith::DivUIOp::create(b, loc, k0, indexConstant(b, loc, 4))));
      blockBase.push_back(arith::AddIOp::create(
          b, loc,
          arith::MulIOp::create(b, loc, row, indexConstant(b, loc, blocks)),
          arith::DivUIOp::create(b, loc, k0, indexConstant(b, loc, s.block))));
    }
    ResultTile tile(b, loc, s.out, s.n, m0, rows, n0, kPanelVectors);
    SmallVector<Value> init = tile.load(b, loc);

    ValueRange sums = buildLoop(
        b, loc, indexConstant(b, loc, 0),
        indexConstant(b, loc, depth / s.block), indexConstant(b, loc, 1), init,
        [&](OpBuilder &b, Location loc, Value blk,
            ValueRange accs) -> SmallVector<Value> {
          // Row i's value of a per-block array of A, in every lane.
          auto perRowBlock = [&](Value array, VectorType type, int64_t i) {
            Value value = memref::LoadOp::create(
                b, loc, array,
                ValueRange{arith::AddIOp::create(b, loc, blockBase[i], blk)});
            return vector::BroadcastOp::create(b, loc, type, value);
          };
          SmallVector<Value> dots;
          for (int64_t i = 0; i < rows; ++i)
            dots.append(kPanelVectors,
                        perRowBlock(s.aCorrections, i32Vector(b), i));
          Value groupStart = arith::MulIOp::create(
              b, loc, blk, indexConstant(b, loc, groupsPerBlock));
          for (int64_t g = 0; g < groupsPerBlock; ++g) {
            Value group = arith::AddIOp::create(b, loc, groupStart,
                                                indexConstant(b, loc, g));
            Value panelAt = arith::MulIOp::create(
                b, loc, group, indexConstant(b, loc, kPanelCols));
            SmallVector<Value> weights;
            for (int64_t v = 0; v < kPanelVectors; ++v)
              weights.push_back(vector::BitCastOp::create(
                  b, loc, byteVector(b),
                  vector::LoadOp::create(
                      b, loc, i32Vector(b), s.panel,
                      ValueRange{arith::AddIOp::create(
                          b, loc, panelAt,
                          indexConstant(b, loc, v * kLanes))})));
            for (int64_t i = 0; i < rows; ++i) {
              Value word =
                  memref::LoadOp::create(b, loc, s.aImages,
                                         ValueRange{arith::AddIOp::create(
                                             b, loc, imageBase[i], group)});
              Value activations = vector::BitCastOp::create(
                  b, loc, byteVector(b),
                  vector::BroadcastOp::create(b, loc, i32Vector(b), word));
              for (int64_t v = 0; v < kPanelVectors; ++v) {
                Value &dot = dots[i * kPanelVectors + v];
                dot = dotUnsignedSigned(b, loc, dot, weights[v], activations);
              }
            }
          }
          Value scaleAt = arith::MulIOp::create(
              b, loc, blk, indexConstant(b, loc, kPanelCols));
          SmallVector<Value> weightScales;
          for (int64_t v = 0; v < kPanelVectors; ++v)
            weightScales.push_back(vector::LoadOp::create(
                b, loc, f32Vector(b), s.panelScales,
                ValueRange{arith::AddIOp::create(
                    b, loc, scaleAt, indexConstant(b, loc, v * kLanes))}));
          SmallVector<Value> next;
          for (int64_t i = 0; i < rows; ++i) {
            Value aScales = perRowBlock(s.aScales, f32Vector(b), i);
            for (int64_t v = 0; v < kPanelVectors; ++v) {
              // The sum times A's scale, then B's: multiplying the two
              // scales first could overflow (NVFP4 globals) where the
              // products do not, and an infinite scale times a zero sum
              // would be NaN.
              Value exact = arith::SIToFPOp::create(
                  b, loc, f32Vector(b), dots[i * kPanelVectors + v]);
              Value scaled = arith::MulFOp::create(b, loc, exact, aScales);
              next.push_back(
                  vector::FMAOp::create(b, loc, scaled, weightScales[v],
                                        accs[i * kPanelVectors + v]));
            }
          }
          return next;
        });
    tile.store(b, loc, sums);
  }

  CPUTarget target;
};

} // namespace

void cpu::populateInt8DotMatmulPatterns(RewritePatternSet &patterns,
                                        const CPUTarget &target) {
  patterns.add<Int8DotMatmulLowering>(patterns.getContext(), target);
}
