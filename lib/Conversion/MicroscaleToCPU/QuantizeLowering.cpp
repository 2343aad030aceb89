//===- QuantizeLowering.cpp - quantize and requantize to vector loops -----===//
//
// One block per step: the block's values as one vector, its amax by an
// unsigned max over |x| bit patterns (NaN and Inf above all finite values),
// then the shared block rule (Codecs/BlockCodecs.h) gives its scale and
// codes, packed and stored. NVFP4 first reduces the whole tensor's amax.
//
//===----------------------------------------------------------------------===//

#include "BlockDecoders.h"
#include "Loops.h"
#include "Lowerings.h"

#include "microscale/Conversion/Codecs/BlockCodecs.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::cpu;

namespace {

/// Blocks quantized per loop iteration when the row allows it.
constexpr int64_t kBlocksPerStep = 4;
/// E8M0 blocks whose scales are computed together, one per i32 lane.
constexpr int64_t kGroupBlocks = 16;
/// How far ahead of the blocks being quantized the input is prefetched:
/// with the hardware prefetcher alone, a page-aligned input is read at
/// about half the speed of one that is not.
constexpr int64_t kPrefetchBytes = 8192;

/// Produces one block of the values to quantize, as vector<block x f32>.
using BlockSource =
    function_ref<Value(OpBuilder &, Location, Value row, Value block)>;

using GlobalScales = CodecBuilder::GlobalScales;

GlobalScales computeGlobalScales(OpBuilder &b, Location loc,
                                 const QuantizedBuffers &out,
                                 BlockSource source, Value givenGlobal) {
  CodecBuilder codec(b, loc);
  if (givenGlobal)
    return codec.nvfp4GivenGlobal(givenGlobal);
  Value c0 = indexConstant(b, loc, 0), c1 = indexConstant(b, loc, 1);
  Value blocks = indexConstant(b, loc, out.getBlocksPerRow());
  Value zeroBits = codec.i32(b.getI32Type(), 0);
  Value amaxBits = buildLoop(
      b, loc, c0, out.rows, c1, zeroBits,
      [&](OpBuilder &b, Location loc, Value row, ValueRange acc) {
        return SmallVector<Value>(buildLoop(
            b, loc, c0, blocks, c1, acc,
            [&](OpBuilder &b, Location loc, Value block,
                ValueRange acc) -> SmallVector<Value> {
              CodecBuilder codec(b, loc);
              Value bits = codec.absBits(source(b, loc, row, block));
              Value blockMax = vector::ReductionOp::create(
                  b, loc, vector::CombiningKind::MAXUI, bits);
              return {arith::MaxUIOp::create(b, loc, acc[0], blockMax)};
            }));
      })[0];
  return codec.nvfp4ComputedGlobal(amaxBits);
}

/// The amaxes (|x| bit patterns) of kGroupBlocks blocks at once: each
/// block's vector folded to 16 lanes, then the 16 vectors reduced together,
/// halving the lanes per block and pairing vectors at each step, so that
/// lane u ends with block u's amax. Four steps of two shuffles and one max
/// per pair replace 16 horizontal reductions.
Value groupAmaxBits(OpBuilder &b, Location loc, ArrayRef<Value> blockBits) {
  SmallVector<Value> level;
  for (Value bits : blockBits) {
    int64_t size = cast<VectorType>(bits.getType()).getDimSize(0);
    Value folded = vector::ExtractStridedSliceOp::create(
        b, loc, bits, ArrayRef<int64_t>{0}, ArrayRef<int64_t>{kGroupBlocks},
        ArrayRef<int64_t>{1});
    for (int64_t at = kGroupBlocks; at < size; at += kGroupBlocks)
      folded = arith::MaxUIOp::create(b, loc, folded,
                                      vector::ExtractStridedSliceOp::create(
                                          b, loc, bits, ArrayRef<int64_t>{at},
                                          ArrayRef<int64_t>{kGroupBlocks},
                                          ArrayRef<int64_t>{1}));
    level.push_back(folded);
  }
  // Each vector holds `groups` blocks' partial maxima, `width` lanes each.
  for (int64_t groups = 1; level.size() > 1; groups *= 2) {
    int64_t width = kGroupBlocks / groups;
    SmallVector<int64_t> lowMask, highMask;
    for (int64_t lane = 0; lane < kGroupBlocks; ++lane) {
      int64_t group = lane / (width / 2), offset = lane % (width / 2);
      int64_t source = group < groups ? 0 : kGroupBlocks;
      int64_t start = (group % groups) * width;
      lowMask.push_back(source + start + offset);
      highMask.push_back(source + start + width / 2 + offset);
    }
    SmallVector<Value> next;
    for (size_t i = 0; i < level.size(); i += 2) {
      Value low =
          vector::ShuffleOp::create(b, loc, level[i], level[i + 1], lowMask);
      Value high =
          vector::ShuffleOp::create(b, loc, level[i], level[i + 1], highMask);
      next.push_back(arith::MaxUIOp::create(b, loc, low, high));
    }
    level = std::move(next);
  }
  return level.front();
}

/// Quantizes every block that `source` produces into `out`.
/// Rows run concurrently with `parallel`.
void emitQuantize(OpBuilder &b, Location loc, QuantizedBuffers &out,
                  BlockSource source, ScaleRounding rule, Value givenGlobal,
                  bool parallel) {
  formats::Scheme scheme = out.getScheme().toFormats();
  GlobalScales globals;
  if (scheme.hasGlobal) {
    globals = computeGlobalScales(b, loc, out, source, givenGlobal);
    out.global = globals.decode;
  }
  Value c0 = indexConstant(b, loc, 0), c1 = indexConstant(b, loc, 1);
  Value blocks = indexConstant(b, loc, out.getBlocksPerRow());
  bool rceil = rule == ScaleRounding::rceil;

  // E8M0 scales of kGroupBlocks blocks at once (one vector of amaxes, one
  // lane per block).
  bool grouped = scheme.scale == formats::Format::E8M0 &&
                 out.getBlocksPerRow() % kGroupBlocks == 0 &&
                 out.getBlockSize() % kGroupBlocks == 0;
  auto emitGroup = [&](OpBuilder &b, Location loc, Value row,
                       Value firstBlock) {
    BlockCodec codec(b, loc, scheme);
    SmallVector<Value> values, bits;
    for (int64_t u = 0; u < kGroupBlocks; ++u) {
      Value block =
          arith::AddIOp::create(b, loc, firstBlock, indexConstant(b, loc, u));
      values.push_back(source(b, loc, row, block));
      bits.push_back(codec.elements().absBits(values.back()));
    }
    BlockQuantization group =
        codec.quantize(groupAmaxBits(b, loc, bits), rceil, globals);
    for (int64_t u = 0; u < kGroupBlocks; ++u) {
      Value block =
          arith::AddIOp::create(b, loc, firstBlock, indexConstant(b, loc, u));
      auto lane = [&](Value vector) -> Value {
        return vector::ExtractOp::create(b, loc, vector, ArrayRef<int64_t>{u});
      };
      BlockQuantization one{lane(group.scaleCode), lane(group.multiplier),
                            lane(group.zeroCodes)};
      out.storeCodes(b, loc, codec.encode(values[u], one), row, block);
      out.storeScaleCode(b, loc, one.scaleCode, row, block);
    }
  };

  auto emitBlock = [&](OpBuilder &b, Location loc, Value row, Value block) {
    BlockCodec codec(b, loc, scheme);
    Value values = source(b, loc, row, block);
    Value amaxBits = vector::ReductionOp::create(
        b, loc, vector::CombiningKind::MAXUI, codec.elements().absBits(values));
    BlockQuantization quantization = codec.quantize(amaxBits, rceil, globals);
    out.storeCodes(b, loc, codec.encode(values, quantization), row, block);
    out.storeScaleCode(b, loc, quantization.scaleCode, row, block);
  };

  buildIndependentLoop(
      b, loc, c0, out.rows, c1, parallel,
      [&](OpBuilder &b, Location loc, Value row) {
        if (grouped) {
          buildLoop(b, loc, c0, blocks, indexConstant(b, loc, kGroupBlocks),
                    [&](OpBuilder &b, Location loc, Value firstBlock) {
                      emitGroup(b, loc, row, firstBlock);
                    });
          return;
        }
        // Several independent blocks per iteration give the out-of-order core
        // work to overlap with each block's reduction -> scale -> encode chain.
        int64_t unroll =
            out.getBlocksPerRow() % kBlocksPerStep == 0 ? kBlocksPerStep : 1;
        buildLoop(b, loc, c0, blocks, indexConstant(b, loc, unroll),
                  [&](OpBuilder &b, Location loc, Value firstBlock) {
                    for (int64_t u = 0; u < unroll; ++u)
                      emitBlock(
                          b, loc, row,
                          arith::AddIOp::create(b, loc, firstBlock,
                                                indexConstant(b, loc, u)));
                  });
      });
}

struct QuantizeLowering : OpRewritePattern<QuantizeOp> {
  QuantizeLowering(MLIRContext *context, const CPUTarget &target)
      : OpRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(QuantizeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FloatBuffer input = getFloatBuffer(rewriter, loc, op.getInput());
    QuantizedBuffers out = allocQuantizedBuffers(
        rewriter, loc, op.getResult().getType(), input.dynamicSizes);
    int64_t blockSize = out.getBlockSize();
    emitQuantize(
        rewriter, loc, out,
        [&](OpBuilder &b, Location loc, Value row, Value block) {
          Value col = arith::MulIOp::create(b, loc, block,
                                            indexConstant(b, loc, blockSize));
          input.prefetchAhead(b, loc, row, col, blockSize, kPrefetchBytes);
          return input.loadF32(b, loc, row, col, blockSize);
        },
        op.getScaleRule(), op.getGlobal(), target.parallel);
    rewriter.replaceOp(op, toQuantizedTensor(rewriter, loc, out));
    return success();
  }

  CPUTarget target;
};

struct RequantizeLowering : OpRewritePattern<RequantizeOp> {
  RequantizeLowering(MLIRContext *context, const CPUTarget &target)
      : OpRewritePattern(context), target(target) {}

  LogicalResult matchAndRewrite(RequantizeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    BlockDecoder input = getBlockDecoder(rewriter, loc, op.getInput(), target);
    QuantizedBuffers out = allocQuantizedBuffers(
        rewriter, loc, op.getResult().getType(), input.storage.dynamicSizes);
    // Result blocks may be wider or narrower than input blocks: a result
    // block gathers whole input blocks, or is a slice of one.
    int64_t inBlock = input.getBlockSize(), outBlock = out.getBlockSize();
    emitQuantize(
        rewriter, loc, out,
        [&](OpBuilder &b, Location loc, Value row, Value block) -> Value {
          if (inBlock == outBlock)
            return input.dequantizeBlock(b, loc, row, block);
          if (outBlock < inBlock) {
            int64_t ratio = inBlock / outBlock;
            Value inIndex = arith::DivUIOp::create(
                b, loc, block, indexConstant(b, loc, ratio));
            Value whole = input.dequantizeBlock(b, loc, row, inIndex);
            // The slice's position is dynamic: go through a small buffer.
            Value part = arith::RemUIOp::create(b, loc, block,
                                                indexConstant(b, loc, ratio));
            Value result;
            for (int64_t i = 0; i < ratio; ++i) {
              Value piece = vector::ExtractStridedSliceOp::create(
                  b, loc, whole, ArrayRef<int64_t>{i * outBlock},
                  ArrayRef<int64_t>{outBlock}, ArrayRef<int64_t>{1});
              if (!result) {
                result = piece;
                continue;
              }
              Value isThis =
                  arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, part,
                                        indexConstant(b, loc, i));
              result = arith::SelectOp::create(b, loc, isThis, piece, result);
            }
            return result;
          }
          int64_t ratio = outBlock / inBlock;
          Value first = arith::MulIOp::create(b, loc, block,
                                              indexConstant(b, loc, ratio));
          Value result = arith::ConstantOp::create(
              b, loc,
              DenseElementsAttr::get(
                  VectorType::get({outBlock}, b.getF32Type()),
                  b.getF32FloatAttr(0.0f)));
          for (int64_t i = 0; i < ratio; ++i) {
            Value index =
                arith::AddIOp::create(b, loc, first, indexConstant(b, loc, i));
            Value piece = input.dequantizeBlock(b, loc, row, index);
            result = vector::InsertStridedSliceOp::create(
                b, loc, piece, result, ArrayRef<int64_t>{i * inBlock},
                ArrayRef<int64_t>{1});
          }
          return result;
        },
        op.getScaleRule(), Value(), target.parallel);
    rewriter.replaceOp(op, toQuantizedTensor(rewriter, loc, out));
    return success();
  }

  CPUTarget target;
};

} // namespace

void cpu::populateQuantizeLoweringPatterns(RewritePatternSet &patterns,
                                           const CPUTarget &target) {
  patterns.add<QuantizeLowering>(patterns.getContext(), target);
  patterns.add<RequantizeLowering>(patterns.getContext(), target);
}
