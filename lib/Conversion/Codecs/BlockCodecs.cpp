//===- BlockCodecs.cpp - block-level numerics as IR -----------------------===//

#include "microscale/Conversion/Codecs/BlockCodecs.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::microscale;

Value BlockCodec::integer(Type type, int64_t value) {
  Type element = getElementTypeOrSelf(type);
  auto attr = b.getIntegerAttr(element, value);
  if (auto vector = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(b, loc,
                                     DenseElementsAttr::get(vector, attr));
  return arith::ConstantOp::create(b, loc, attr);
}

Value BlockCodec::broadcastTo(Value scalar, Type like) {
  auto vector = dyn_cast<VectorType>(like);
  if (!vector || isa<VectorType>(scalar.getType()))
    return scalar;
  return vector::BroadcastOp::create(b, loc, vector.clone(scalar.getType()),
                                     scalar);
}

BlockQuantization
BlockCodec::quantize(Value amaxBits, bool rceil,
                     const CodecBuilder::GlobalScales &globals,
                     Value e8m0ScaleCode) {
  Type type = amaxBits.getType();
  // A block holding NaN or Inf: NaN scale, element codes 0 (Numerics §2.4,
  // §3.4).
  Value nanBlock = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge,
                                         amaxBits, codec.i32(type, 0x7F800000));
  BlockQuantization block;
  int nanCode;
  if (scheme.scale == formats::Format::E8M0) {
    Value code = e8m0ScaleCode
                     ? e8m0ScaleCode
                     : codec.e8m0ScaleCode(scheme.element, amaxBits, rceil);
    // x / 2^e as an exact multiplication by 2^-e (Numerics §2.5).
    block.multiplier = codec.e8m0InverseScale(code);
    block.scaleCode = code;
    block.zeroCodes = nanBlock;
    nanCode = 0xFF;
  } else {
    // NVFP4: s = e4m3((amax / 6) * g), elements e2m1(x * (g / s)) with the
    // quotient computed once (Numerics §3.4); a zero scale makes every code 0.
    nanBlock = arith::OrIOp::create(b, loc, nanBlock,
                                    broadcastTo(globals.invalid, type));
    block.scaleCode = codec.nvfp4ScaleCode(amaxBits, globals.encode);
    block.multiplier =
        codec.nvfp4ElementMultiplier(block.scaleCode, globals.encode);
    Value zeroScale = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::eq, block.scaleCode, codec.i32(type, 0));
    block.zeroCodes = arith::OrIOp::create(b, loc, nanBlock, zeroScale);
    nanCode = 0x7F;
  }
  block.scaleCode = arith::SelectOp::create(
      b, loc, nanBlock, codec.i32(type, nanCode), block.scaleCode);
  return block;
}

Value BlockCodec::zeroCodesWhere(Value zeroCodes, Value codes) {
  return arith::SelectOp::create(b, loc, zeroCodes, integer(codes.getType(), 0),
                                 codes);
}

Value BlockCodec::encode(Value values, const BlockQuantization &block) {
  Value scaled = arith::MulFOp::create(
      b, loc, values, broadcastTo(block.multiplier, values.getType()));
  return zeroCodesWhere(block.zeroCodes, codec.encode(scheme.element, scaled));
}

Value BlockCodec::scaleValue(Value scaleCode) {
  if (scheme.scale == formats::Format::E8M0)
    return codec.e8m0Scale(scaleCode);
  return codec.decode(
      scheme.scale,
      arith::TruncIOp::create(b, loc,
                              codec.reshape(scaleCode.getType(), b.getI8Type()),
                              scaleCode));
}

Value BlockCodec::dequantize(Value codes, Value scale, Value global) {
  Value values = codec.decode(scheme.element, codes);
  values = arith::MulFOp::create(b, loc, values,
                                 broadcastTo(scale, values.getType()));
  if (global)
    values = arith::MulFOp::create(b, loc, values,
                                   broadcastTo(global, values.getType()));
  return values;
}

Value BlockCodec::packFields(ArrayRef<Value> fields, int bits, Type wordType) {
  Value words;
  for (auto [j, field] : llvm::enumerate(fields)) {
    Value wide = field;
    if (getElementTypeOrSelf(wordType) != getElementTypeOrSelf(field))
      wide = arith::ExtUIOp::create(b, loc, wordType, field);
    Value masked =
        arith::AndIOp::create(b, loc, wide, integer(wordType, (1 << bits) - 1));
    if (j != 0)
      masked = arith::ShLIOp::create(
          b, loc, masked, integer(wordType, bits * static_cast<int64_t>(j)));
    words = words ? arith::OrIOp::create(b, loc, words, masked) : masked;
  }
  return words;
}

Value BlockCodec::unpackField(Value words, int bits, Value shift) {
  Value field = arith::AndIOp::create(
      b, loc, arith::ShRUIOp::create(b, loc, words, shift),
      integer(words.getType(), (1 << bits) - 1));
  Type i8 = codec.reshape(words.getType(), b.getI8Type());
  if (field.getType() == i8)
    return field;
  return arith::TruncIOp::create(b, loc, i8, field);
}

Value BlockCodec::unpackField(Value words, int bits, int64_t shift) {
  Value field = words;
  if (shift != 0)
    field =
        arith::ShRUIOp::create(b, loc, words, integer(words.getType(), shift));
  if (shift + bits <
      static_cast<int64_t>(getElementTypeOrSelf(words).getIntOrFloatBitWidth()))
    field = arith::AndIOp::create(b, loc, field,
                                  integer(words.getType(), (1 << bits) - 1));
  Type i8 = codec.reshape(words.getType(), b.getI8Type());
  if (field.getType() == i8)
    return field;
  return arith::TruncIOp::create(b, loc, i8, field);
}
