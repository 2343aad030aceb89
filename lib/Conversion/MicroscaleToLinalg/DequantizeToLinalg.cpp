//===- DequantizeToLinalg.cpp - dequantize as one linalg.generic ----------===//
//
// The codes are unpacked to one per element, the scales brought to
// row-major, and one elementwise generic decodes and scales by the
// project's block rule (Numerics §2.6, §3.5).
//
//===----------------------------------------------------------------------===//

#include "Lowerings.h"

#include "microscale/Conversion/Codecs/BlockCodecs.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::linalg_lowering;

Storage linalg_lowering::getStorage(QuantizedTensorType type,
                                    ValueRange values) {
  return {type, values[0], values[1], values.size() > 2 ? values[2] : Value()};
}

/// f32 `value` rounded to `element` as the CPU lowering does: bf16 by the
/// codec (round to nearest even, subnormals kept), f16 by `arith.truncf`.
static Value roundTo(OpBuilder &b, Location loc, Value value, Type element) {
  if (element.isF32())
    return value;
  if (element.isBF16())
    return CodecBuilder(b, loc).truncToBF16(value);
  return arith::TruncFOp::create(b, loc, element, value);
}

Value linalg_lowering::dequantize(OpBuilder &b, Location loc,
                                  const Storage &storage, Type element,
                                  DecodeForm form) {
  MLIRContext *context = b.getContext();
  QuantizedTensorType type = storage.type;
  SchemeAttr scheme = type.getScheme();
  formats::Scheme numerics = scheme.toFormats();
  int64_t rank = type.getRank();
  bool e8m0 = numerics.scale == formats::Format::E8M0;
  // The idiom needs a float element type (not MXINT8's i8) and E8M0 scales.
  bool idiom = form == DecodeForm::scalingExtF && e8m0 &&
               isa<FloatType>(scheme.getElementType());
  Value codes =
      unpackCodes(b, loc, storage, idiom ? scheme.getElementType() : Type());
  Value scales = rowMajorScales(b, loc, storage);
  Value init = emptyTensor(b, loc, type.getShape(), element,
                           dynamicSizes(b, loc, storage.data, rank - 1));
  Value global = storage.global;
  return buildGeneric(
      b, loc, ValueRange{codes, scales}, init,
      {identityMap(context, rank),
       blockMap(context, rank, scheme.getBlockSize()),
       identityMap(context, rank)},
      [&](OpBuilder &b, Location loc, ValueRange args) {
        Type f32 = b.getF32Type();
        if (idiom)
          return roundTo(b, loc,
                         arith::ScalingExtFOp::create(b, loc, f32, args[0],
                                                      args[1], nullptr),
                         element);
        BlockCodec block(b, loc, numerics);
        Value scale = block.scaleValue(block.elements().scaleCode(args[1]));
        Value value = block.dequantize(args[0], scale, global);
        return roundTo(b, loc, value, element);
      });
}

namespace {

struct DequantizeLowering : OpConversionPattern<DequantizeOp> {
  DequantizeLowering(TypeConverter &converter, MLIRContext *context,
                     DecodeForm form)
      : OpConversionPattern(converter, context), form(form) {}

  LogicalResult
  matchAndRewrite(DequantizeOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Storage storage = getStorage(op.getInput().getType(), adaptor.getInput());
    Value result = dequantize(rewriter, op.getLoc(), storage,
                              op.getResult().getType().getElementType(), form);
    rewriter.replaceOp(op, result);
    return success();
  }

  DecodeForm form;
};

} // namespace

void linalg_lowering::populateDequantizePatterns(TypeConverter &converter,
                                                 RewritePatternSet &patterns,
                                                 DecodeForm form) {
  patterns.add<DequantizeLowering>(converter, patterns.getContext(), form);
}
