//===- QuantizeToLinalg.cpp - quantize and requantize as linalg -----------===//
//
// Three generics: each block's amax (an unsigned max over |x| bit patterns,
// NaN and Inf above every finite value) as a reduction over the input
// viewed [..., K / block, block]; the block scales from the amaxes by the
// scale rule (Numerics §2.2, §2.3, §3.4); the element codes from the input
// and their block's amax, by the same BlockCodec rule. NVFP4 first reduces
// the blocks' amaxes to the tensor's. Requantize is dequantize to f32
// followed by quantize, as the op is defined.
//
//===----------------------------------------------------------------------===//

#include "Lowerings.h"

#include "microscale/Conversion/Codecs/BlockCodecs.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::linalg_lowering;

static Value toF32(OpBuilder &b, Location loc, Value value) {
  if (value.getType().isF32())
    return value;
  return arith::ExtFOp::create(b, loc, b.getF32Type(), value);
}

static Value zeroFilled(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                        ValueRange dynamic) {
  Value init = emptyTensor(b, loc, shape, b.getI32Type(), dynamic);
  Value zero = arith::ConstantIntOp::create(b, loc, b.getI32Type(), 0);
  return linalg::FillOp::create(b, loc, ValueRange{zero}, ValueRange{init})
      .getResult(0);
}

/// The |x| bit pattern of each block's amax, `[..., K / block]` i32.
static Value blockAmaxBits(OpBuilder &b, Location loc, Value input,
                           QuantizedTensorType type, ValueRange outerSizes) {
  MLIRContext *context = b.getContext();
  int64_t rank = type.getRank(), block = type.getScheme().getBlockSize();
  SmallVector<int64_t> blockShape(type.getShape());
  blockShape.back() = type.getBlocksPerRow();
  SmallVector<int64_t> expandedShape(blockShape);
  expandedShape.push_back(block);
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t i = 0; i + 1 < rank; ++i)
    reassociation.push_back({i});
  reassociation.push_back({rank - 1, rank});
  auto inputType = cast<RankedTensorType>(input.getType());
  Value expanded = tensor::ExpandShapeOp::create(
      b, loc, inputType.clone(expandedShape), input, reassociation);
  SmallVector<AffineExpr> outer;
  for (int64_t i = 0; i < rank; ++i)
    outer.push_back(getAffineDimExpr(i, context));
  return buildGeneric(
      b, loc, expanded, zeroFilled(b, loc, blockShape, outerSizes),
      {identityMap(context, rank + 1),
       AffineMap::get(rank + 1, 0, outer, context)},
      [](OpBuilder &b, Location loc, ValueRange args) -> Value {
        Value bits = CodecBuilder(b, loc).absBits(toF32(b, loc, args[0]));
        return arith::MaxUIOp::create(b, loc, bits, args[1]);
      },
      /*reductions=*/1);
}

/// NVFP4's tensor-wide encode/decode scales (Numerics §3.1-3.3).
static CodecBuilder::GlobalScales
globalScales(OpBuilder &b, Location loc, Value amaxBits, Value givenGlobal) {
  CodecBuilder codec(b, loc);
  if (givenGlobal)
    return codec.nvfp4GivenGlobal(givenGlobal);
  MLIRContext *context = b.getContext();
  int64_t rank = cast<RankedTensorType>(amaxBits.getType()).getRank();
  Value tensorAmax = buildGeneric(
      b, loc, amaxBits, zeroFilled(b, loc, {}, {}),
      {identityMap(context, rank), AffineMap::get(rank, 0, {}, context)},
      [](OpBuilder &b, Location loc, ValueRange args) -> Value {
        return arith::MaxUIOp::create(b, loc, args[0], args[1]);
      },
      /*reductions=*/rank);
  return codec.nvfp4ComputedGlobal(
      tensor::ExtractOp::create(b, loc, tensorAmax, ValueRange{}));
}

SmallVector<Value> linalg_lowering::quantize(OpBuilder &b, Location loc,
                                             Value input,
                                             QuantizedTensorType type,
                                             ScaleRounding rule,
                                             Value givenGlobal) {
  MLIRContext *context = b.getContext();
  SchemeAttr scheme = type.getScheme();
  formats::Scheme numerics = scheme.toFormats();
  int64_t rank = type.getRank();
  SmallVector<Value> outerSizes = dynamicSizes(b, loc, input, rank - 1);
  Value amaxBits = blockAmaxBits(b, loc, input, type, outerSizes);
  CodecBuilder::GlobalScales globals;
  if (numerics.hasGlobal)
    globals = globalScales(b, loc, amaxBits, givenGlobal);

  // Block scales, row-major, in the stored scale type, and the element
  // codes, one per element, both by the project's block rule from the
  // block's amax.
  bool rceil = rule == ScaleRounding::rceil;
  Type scaleType = scheme.getScaleType();
  SmallVector<int64_t> blockShape(type.getShape());
  blockShape.back() = type.getBlocksPerRow();
  Value scales = buildGeneric(
      b, loc, amaxBits, emptyTensor(b, loc, blockShape, scaleType, outerSizes),
      {identityMap(context, rank), identityMap(context, rank)},
      [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
        BlockCodec block(b, loc, numerics);
        return block.elements().scaleOfCode(
            block.quantize(args[0], rceil, globals).scaleCode, scaleType);
      });
  Value codes = buildGeneric(
      b, loc, ValueRange{input, amaxBits},
      emptyTensor(b, loc, type.getShape(), b.getI8Type(), outerSizes),
      {identityMap(context, rank),
       blockMap(context, rank, scheme.getBlockSize()),
       identityMap(context, rank)},
      [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
        BlockCodec block(b, loc, numerics);
        return block.encode(toF32(b, loc, args[0]),
                            block.quantize(args[1], rceil, globals));
      });

  SmallVector<Value> storage = {packCodes(b, loc, type, codes),
                                storedScales(b, loc, type, scales)};
  if (numerics.hasGlobal)
    storage.push_back(globals.decode);
  return storage;
}

namespace {

struct QuantizeLowering : OpConversionPattern<QuantizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(QuantizeOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value global =
        adaptor.getGlobal().empty() ? Value() : adaptor.getGlobal().front();
    SmallVector<Value> storage =
        quantize(rewriter, op.getLoc(), adaptor.getInput().front(),
                 op.getResult().getType(), op.getScaleRule(), global);
    rewriter.replaceOpWithMultiple(op, {storage});
    return success();
  }
};

struct RequantizeLowering : OpConversionPattern<RequantizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(RequantizeOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Storage source = getStorage(op.getInput().getType(), adaptor.getInput());
    Value values = dequantize(rewriter, loc, source, rewriter.getF32Type(),
                              DecodeForm::exact);
    SmallVector<Value> storage =
        quantize(rewriter, loc, values, op.getResult().getType(),
                 op.getScaleRule(), Value());
    rewriter.replaceOpWithMultiple(op, {storage});
    return success();
  }
};

} // namespace

void linalg_lowering::populateQuantizePatterns(TypeConverter &converter,
                                               RewritePatternSet &patterns) {
  patterns.add<QuantizeLowering, RequantizeLowering>(converter,
                                                     patterns.getContext());
}
