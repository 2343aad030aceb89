//===- ElementCodecs.cpp - element and scale conversions as IR ------------===//

#include "microscale/Conversion/Codecs/ElementCodecs.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/BuiltinTypes.h"

#include <limits>

using namespace mlir;
using namespace mlir::microscale;

Type CodecBuilder::reshape(Type like, Type element) {
  if (auto vector = dyn_cast<VectorType>(like))
    return vector.clone(element);
  return element;
}

Value CodecBuilder::i32(Type like, int64_t value) {
  Type type = reshape(like, b.getI32Type());
  auto attr = b.getIntegerAttr(b.getI32Type(), static_cast<int32_t>(value));
  if (auto vector = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(b, loc,
                                     DenseElementsAttr::get(vector, attr));
  return arith::ConstantOp::create(b, loc, attr);
}

Value CodecBuilder::f32(Type like, float value) {
  Type type = reshape(like, b.getF32Type());
  auto attr = b.getF32FloatAttr(value);
  if (auto vector = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(b, loc,
                                     DenseElementsAttr::get(vector, attr));
  return arith::ConstantOp::create(b, loc, attr);
}

Value CodecBuilder::bitsOf(Value value) {
  return arith::BitcastOp::create(
      b, loc, reshape(value.getType(), b.getI32Type()), value);
}

Value CodecBuilder::floatOf(Value value) {
  return arith::BitcastOp::create(
      b, loc, reshape(value.getType(), b.getF32Type()), value);
}

Value CodecBuilder::cmp(arith::CmpIPredicate predicate, Value lhs, Value rhs) {
  return arith::CmpIOp::create(b, loc, predicate, lhs, rhs);
}

Value CodecBuilder::decode(formats::Format format, Value codes) {
  const formats::FormatInfo &info = formats::getFormatInfo(format);
  Type i32Type = reshape(codes.getType(), b.getI32Type());
  if (info.isInteger) {
    // MXINT8: two's complement with an implicit scale 2^-6.
    Value wide = arith::ExtSIOp::create(b, loc, i32Type, codes);
    Value asFloat = arith::SIToFPOp::create(
        b, loc, reshape(codes.getType(), b.getF32Type()), wide);
    return arith::MulFOp::create(b, loc, asFloat,
                                 f32(codes.getType(), 1.0f / 64.0f));
  }
  // Every element format (and UE4M3) fits in f16 with room to spare:
  // placing its exponent and mantissa fields under f16's reads the code as
  // an f16 with bias 15 (element subnormals become f16 subnormals, E5M2's
  // Inf and NaN f16's), which converts to f32 exactly in one instruction;
  // one exact multiplication by 2^(15 - bias) rebiases it. 16-bit lanes
  // also halve the integer work of an f32 route.
  assert(format != formats::Format::E8M0 && "E8M0 has its own decoder");
  if (format == formats::Format::UE4M3)
    format = formats::Format::E4M3; // a set top bit reads as E4M3's sign
  const formats::FormatInfo &layout = formats::getFormatInfo(format);
  Type i16Type = reshape(codes.getType(), b.getI16Type());
  auto i16 = [&](int64_t value) -> Value {
    auto attr = b.getIntegerAttr(b.getI16Type(), value);
    if (auto vector = dyn_cast<VectorType>(i16Type))
      return arith::ConstantOp::create(b, loc,
                                       DenseElementsAttr::get(vector, attr));
    return arith::ConstantOp::create(b, loc, attr);
  };
  int bits = layout.bits, m = layout.mantissaBits;
  Value wide = arith::ExtUIOp::create(b, loc, i16Type, codes);
  Value magnitude =
      arith::AndIOp::create(b, loc, wide, i16((1 << (bits - 1)) - 1));
  Value sign = arith::ShLIOp::create(
      b, loc, arith::AndIOp::create(b, loc, wide, i16(1 << (bits - 1))),
      i16(16 - bits));
  Value halfBits = arith::OrIOp::create(
      b, loc, arith::ShLIOp::create(b, loc, magnitude, i16(10 - m)), sign);
  if (format == formats::Format::E4M3) {
    // S.1111.111 is NaN; f16 would read it as a finite number. Setting the
    // f16 exponent and a quiet bit (16-bit lanes, before the conversion)
    // makes it an f16 NaN of the same sign.
    Value isNaN = cmp(arith::CmpIPredicate::eq, magnitude, i16(0x7F));
    halfBits = arith::SelectOp::create(
        b, loc, isNaN, arith::OrIOp::create(b, loc, halfBits, i16(0x7E00)),
        halfBits);
  }
  Value half = arith::BitcastOp::create(
      b, loc, reshape(codes.getType(), b.getF16Type()), halfBits);
  Value value = arith::ExtFOp::create(
      b, loc, reshape(codes.getType(), b.getF32Type()), half);
  if (layout.exponentBias != 15)
    value = arith::MulFOp::create(
        b, loc, value,
        f32(i32Type, std::ldexp(1.0f, 15 - layout.exponentBias)));
  return value;
}

Value CodecBuilder::encode(formats::Format format, Value values) {
  const formats::FormatInfo &info = formats::getFormatInfo(format);
  Type type = values.getType();
  Type i32Type = reshape(type, b.getI32Type());
  Type i8Type = reshape(type, b.getI8Type());
  if (info.isInteger) {
    // MXINT8: round half to even, clamp to [-127, 127]; zero is +0.
    // The bounds are integers: clamping first, then rounding, is the same.
    Value scaled = arith::MulFOp::create(b, loc, values, f32(type, 64.0f));
    // Compare and select rather than arith.minnumf/maxnumf: convert-gpu-to-
    // nvvm may turn those into libdevice calls (__nv_fminf), which ptxas
    // cannot resolve. Unordered `ugt` sends NaN to 127 as minnumf would; the
    // caller zeroes a NaN block's codes anyway (Numerics §2.4).
    Value high = f32(type, 127.0f), low = f32(type, -127.0f);
    Value belowHigh = arith::SelectOp::create(
        b, loc,
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UGT, scaled, high),
        high, scaled);
    Value clamped = arith::SelectOp::create(
        b, loc,
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, belowHigh,
                              low),
        low, belowHigh);
    return arith::FPToSIOp::create(b, loc, i8Type, roundHalfEven(clamped));
  }
  int bits = info.bits, m = info.mantissaBits, shift = 23 - m;
  Value raw = bitsOf(values);
  Value magnitude = arith::AndIOp::create(b, loc, raw, i32(type, 0x7FFFFFFF));
  // Normal range: round the f32 mantissa to m bits (ties to even) in the
  // integer domain; a carry moves into the exponent as it should.
  Value lsb = arith::AndIOp::create(
      b, loc, arith::ShRUIOp::create(b, loc, magnitude, i32(type, shift)),
      i32(type, 1));
  Value rounded = arith::ShRUIOp::create(
      b, loc,
      arith::AddIOp::create(
          b, loc,
          arith::AddIOp::create(b, loc, magnitude,
                                i32(type, (1 << (shift - 1)) - 1)),
          lsb),
      i32(type, shift));
  Value normalCode = arith::SubIOp::create(
      b, loc, rounded, i32(type, (127 - info.exponentBias) << m));
  // Subnormal range: count quanta 2^(minExponent - m), rounding half to even.
  Value absValue = floatOf(magnitude);
  Value quanta = roundHalfEven(arith::MulFOp::create(
      b, loc, absValue, f32(type, std::ldexp(1.0f, m - info.minExponent))));
  Value subnormalCode = arith::FPToSIOp::create(b, loc, i32Type, quanta);
  Value isSubnormal =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, absValue,
                            f32(type, std::ldexp(1.0f, info.minExponent)));
  Value code =
      arith::SelectOp::create(b, loc, isSubnormal, subnormalCode, normalCode);
  // Saturate: codes grow with the magnitude, so clamping the code is
  // clamping the value to the largest finite one.
  code = arith::MinSIOp::create(b, loc, code, i32(type, info.maxCode));
  if (info.isSigned) {
    Value sign = arith::ShRUIOp::create(
        b, loc, arith::AndIOp::create(b, loc, raw, i32(type, 0x80000000LL)),
        i32(type, 32 - bits));
    code = arith::OrIOp::create(b, loc, code, sign);
  }
  return arith::TruncIOp::create(b, loc, i8Type, code);
}

Value CodecBuilder::roundHalfEven(Value values) {
  // One instruction on x86 (vrndscaleps); the arithmetic form below costs
  // the CPU quantize 15-20%. GPU kernels get that form instead
  // (convert-microscale-to-gpu rewrites math.roundeven in them).
  return math::RoundEvenOp::create(b, loc, values);
}

Value CodecBuilder::roundHalfEvenByArithmetic(Value values) {
  // For |x| < 2^23, x + copysign(2^23, x) lies where the f32 spacing is 1:
  // the addition rounds to an integer, ties to even (2^23 is even), and the
  // subtraction is exact. From 2^23 on, every f32 is an integer already;
  // NaN and Inf fail the comparison and pass through.
  Type type = values.getType();
  Value bits = bitsOf(values);
  Value signBit = arith::AndIOp::create(b, loc, bits, i32(type, 0x80000000LL));
  Value shift = floatOf(
      arith::OrIOp::create(b, loc, signBit, i32(type, 0x4B000000))); // 2^23
  Value rounded = arith::SubFOp::create(
      b, loc, arith::AddFOp::create(b, loc, values, shift), shift);
  Value small = cmp(arith::CmpIPredicate::ult,
                    arith::AndIOp::create(b, loc, bits, i32(type, 0x7FFFFFFF)),
                    i32(type, 0x4B000000));
  return arith::SelectOp::create(b, loc, small, rounded, values);
}

Value CodecBuilder::truncToBF16(Value values) {
  Type type = values.getType();
  Value bits = bitsOf(values);
  Value lsb = arith::AndIOp::create(
      b, loc, arith::ShRUIOp::create(b, loc, bits, i32(type, 16)),
      i32(type, 1));
  Value rounded = arith::ShRUIOp::create(
      b, loc,
      arith::AddIOp::create(
          b, loc, arith::AddIOp::create(b, loc, bits, i32(type, 0x7FFF)), lsb),
      i32(type, 16));
  // NaN stays NaN (quiet), whatever its payload.
  Value isNaN =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, values, values);
  Value quiet = arith::OrIOp::create(
      b, loc, arith::ShRUIOp::create(b, loc, bits, i32(type, 16)),
      i32(type, 0x40));
  Value result = arith::SelectOp::create(b, loc, isNaN, quiet, rounded);
  Type i16Type = reshape(type, b.getI16Type());
  return arith::BitcastOp::create(
      b, loc, reshape(type, b.getBF16Type()),
      arith::TruncIOp::create(b, loc, i16Type, result));
}

Value CodecBuilder::absBits(Value value) {
  return arith::AndIOp::create(b, loc, bitsOf(value),
                               i32(value.getType(), 0x7FFFFFFF));
}

Value CodecBuilder::e8m0ScaleCode(formats::Format element, Value amaxBits,
                                  bool rceil) {
  const formats::FormatInfo &info = formats::getFormatInfo(element);
  Type type = amaxBits.getType();
  // r = amax / largest as one f32 division, rounded up to a power of two.
  if (rceil)
    return e8m0CeilCode(arith::DivFOp::create(b, loc, floatOf(amaxBits),
                                              f32(type, info.largestFinite)));
  // floor(log2(amax)) is the unbiased exponent field; zero and subnormal
  // amax read as -127 (Numerics §2.2).
  Value field = arith::ShRUIOp::create(b, loc, amaxBits, i32(type, 23));
  return e8m0Code(
      arith::SubIOp::create(b, loc, field, i32(type, 127 + info.emaxElem)));
}

Value CodecBuilder::e8m0CeilCode(Value ratio) {
  Value ratioBits = bitsOf(ratio);
  Type type = ratioBits.getType();
  Value field = arith::ShRUIOp::create(b, loc, ratioBits, i32(type, 23));
  Value fraction =
      arith::AndIOp::create(b, loc, ratioBits, i32(type, 0x7FFFFF));
  Value hasFraction = cmp(arith::CmpIPredicate::ne, fraction, i32(type, 0));
  Value normal = arith::AddIOp::create(
      b, loc, arith::SubIOp::create(b, loc, field, i32(type, 127)),
      arith::ExtUIOp::create(b, loc, type, hasFraction));
  // A subnormal ratio: above 2^-127 rounds up to 2^-126, else clamps.
  Value subnormal = arith::SelectOp::create(
      b, loc, cmp(arith::CmpIPredicate::ugt, fraction, i32(type, 0x400000)),
      i32(type, -126), i32(type, -127));
  return e8m0Code(arith::SelectOp::create(
      b, loc, cmp(arith::CmpIPredicate::eq, field, i32(type, 0)), subnormal,
      normal));
}

Value CodecBuilder::e8m0Code(Value exponent) {
  Type type = exponent.getType();
  exponent = arith::MaxSIOp::create(b, loc, exponent, i32(type, -127));
  exponent = arith::MinSIOp::create(b, loc, exponent, i32(type, 127));
  return arith::AddIOp::create(b, loc, exponent, i32(type, 127));
}

Value CodecBuilder::e8m0InverseScale(Value code) {
  Type type = code.getType();
  // 2^-e has the biased exponent 254 - code; code 254 (2^-127) is the
  // subnormal 0x00400000.
  Value field = arith::SubIOp::create(b, loc, i32(type, 254), code);
  Value normal = arith::ShLIOp::create(b, loc, field, i32(type, 23));
  Value bits = arith::SelectOp::create(
      b, loc, cmp(arith::CmpIPredicate::eq, field, i32(type, 0)),
      i32(type, 0x00400000), normal);
  return floatOf(bits);
}

Value CodecBuilder::e8m0Scale(Value code) {
  Type type = code.getType();
  Value normal = arith::ShLIOp::create(b, loc, code, i32(type, 23));
  Value bits = arith::SelectOp::create(
      b, loc, cmp(arith::CmpIPredicate::eq, code, i32(type, 0)),
      i32(type, 0x00400000), normal);
  bits = arith::SelectOp::create(
      b, loc, cmp(arith::CmpIPredicate::eq, code, i32(type, 0xFF)),
      i32(type, 0x7FC00000), bits);
  return floatOf(bits);
}

Value CodecBuilder::scaleCode(Value scale) {
  Value byte = arith::BitcastOp::create(b, loc, b.getI8Type(), scale);
  return arith::ExtUIOp::create(b, loc, b.getI32Type(), byte);
}

Value CodecBuilder::scaleOfCode(Value code, Type scaleType) {
  Value byte = arith::TruncIOp::create(b, loc, b.getI8Type(), code);
  return arith::BitcastOp::create(b, loc, scaleType, byte);
}

CodecBuilder::GlobalScales CodecBuilder::nvfp4ComputedGlobal(Value amaxBits) {
  Type f32Type = b.getF32Type();
  Value one = f32(f32Type, 1.0f);
  Value nonFinite = cmp(arith::CmpIPredicate::uge, amaxBits,
                        i32(amaxBits.getType(), 0x7F800000));
  Value zero =
      cmp(arith::CmpIPredicate::eq, amaxBits, i32(amaxBits.getType(), 0));
  Value useOne = arith::OrIOp::create(b, loc, nonFinite, zero);
  Value amax = floatOf(amaxBits);
  Value limit = f32(f32Type, 2688.0f); // 448 * 6
  Value encode = arith::SelectOp::create(
      b, loc, useOne, one,
      atMostFltMax(arith::DivFOp::create(b, loc, limit, amax)));
  Value decode = arith::SelectOp::create(
      b, loc, useOne, one, arith::DivFOp::create(b, loc, amax, limit));
  return {encode, decode,
          arith::ConstantOp::create(b, loc, b.getBoolAttr(false))};
}

CodecBuilder::GlobalScales CodecBuilder::nvfp4GivenGlobal(Value global) {
  Type f32Type = b.getF32Type();
  Value positive = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT,
                                         global, f32(f32Type, 0.0f));
  Value finite = arith::CmpFOp::create(
      b, loc, arith::CmpFPredicate::OLT, global,
      f32(f32Type, std::numeric_limits<float>::infinity()));
  Value valid = arith::AndIOp::create(b, loc, positive, finite);
  Value invalid = arith::XOrIOp::create(
      b, loc, valid, arith::ConstantOp::create(b, loc, b.getBoolAttr(true)));
  Value encode =
      atMostFltMax(arith::DivFOp::create(b, loc, f32(f32Type, 1.0f), global));
  return {encode, global, invalid};
}

Value CodecBuilder::nvfp4ScaleCode(Value amaxBits, Value encodeGlobal) {
  Value sixth = arith::DivFOp::create(b, loc, floatOf(amaxBits),
                                      f32(b.getF32Type(), 6.0f));
  Value scaleByte = encode(formats::Format::UE4M3,
                           arith::MulFOp::create(b, loc, sixth, encodeGlobal));
  return arith::ExtUIOp::create(b, loc, b.getI32Type(), scaleByte);
}

Value CodecBuilder::nvfp4ElementMultiplier(Value scaleCode,
                                           Value encodeGlobal) {
  Value scale =
      decode(formats::Format::UE4M3,
             arith::TruncIOp::create(b, loc, b.getI8Type(), scaleCode));
  return atMostFltMax(arith::DivFOp::create(b, loc, encodeGlobal, scale));
}

Value CodecBuilder::atMostFltMax(Value x) {
  // A compare and select rather than arith.minimumf: exact on every target
  // and a NaN (an invalid given global) passes through unchanged.
  Value fltMax = f32(x.getType(), std::numeric_limits<float>::max());
  Value above =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, fltMax);
  return arith::SelectOp::create(b, loc, above, fltMax, x);
}
