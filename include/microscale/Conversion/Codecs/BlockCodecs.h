//===- BlockCodecs.h - block-level numerics as IR ---------------*- C++ -*-===//
//
// What a block of a scheme means, once for every target: the rule that
// quantizes a block (its scale code from its amax, what its elements are
// multiplied by, when its codes are all zero), the dequantize order, and
// the packing of FP4/FP6 codes into storage bytes. Built on CodecBuilder,
// so it works on scalars (one GPU thread's value) and on vectors (a CPU
// block, or one lane per block) alike; the targets keep only how they reach
// memory.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_CONVERSION_CODECS_BLOCKCODECS_H
#define MICROSCALE_CONVERSION_CODECS_BLOCKCODECS_H

#include "microscale/Conversion/Codecs/ElementCodecs.h"
#include "microscale/Formats/Scheme.h"

namespace mlir::microscale {

/// How one block is quantized (Numerics §2.4-2.5, §3.4).
struct BlockQuantization {
  /// The scale code to store (i32): the NaN code for a block holding NaN or
  /// Inf, or every block under an invalid NVFP4 global.
  Value scaleCode;
  /// What the block's values are multiplied by before rounding to element
  /// codes: 2^-e for E8M0 scales, NVFP4's g / s.
  Value multiplier;
  /// i1: every element code of the block is 0 (a NaN block, or an NVFP4
  /// block scale of zero).
  Value zeroCodes;
};

/// Block-level numerics of one scheme, at one insertion point.
class BlockCodec {
public:
  BlockCodec(OpBuilder &builder, Location loc, formats::Scheme scheme)
      : b(builder), loc(loc), codec(builder, loc), scheme(scheme) {}

  CodecBuilder &elements() { return codec; }

  /// The quantization of blocks whose |amax| bit patterns are `amaxBits`
  /// (i32, or one lane per block), under `rceil` or floor for E8M0 scales
  /// and `globals` (encode scale, invalid flag) for NVFP4.
  /// `e8m0ScaleCode`, if given, is the E8M0 scale code already computed (a
  /// hardware convert giving the same code).
  BlockQuantization quantize(Value amaxBits, bool rceil,
                             const CodecBuilder::GlobalScales &globals,
                             Value e8m0ScaleCode = Value());
  /// Element codes (i8) of `values` (f32, scalar or vector) times the
  /// block's multiplier, 0 where the block's codes are all zero.
  Value encode(Value values, const BlockQuantization &block);
  /// `codes`, or 0 where `zeroCodes` holds (codes already rounded).
  Value zeroCodesWhere(Value zeroCodes, Value codes);

  /// The f32 value of a scale code (i32): 2^e (NaN for 0xFF) for E8M0,
  /// the UE4M3 value for NVFP4.
  Value scaleValue(Value scaleCode);
  /// Element codes (i8) dequantized: (value * scale) * global, two f32
  /// roundings in that order (Numerics §2.6, §3.5). `scale` is
  /// scaleValue's f32 (scalar: broadcast over vector codes); `global`
  /// null without a global scale.
  Value dequantize(Value codes, Value scale, Value global);

  /// Packs `fields` (codes, i8; scalars or vectors of one shape) into
  /// words of `wordType` (i8 or i32, shaped like the fields), field j at
  /// bits [j * bits, (j + 1) * bits): little-endian storage order
  /// (Numerics §5).
  Value packFields(ArrayRef<Value> fields, int bits, Type wordType);
  /// The field at bit `shift` (a value of the word's type) of `words`, as
  /// an i8 code.
  Value unpackField(Value words, int bits, Value shift);
  /// The same at a constant bit offset.
  Value unpackField(Value words, int bits, int64_t shift);

private:
  /// An integer constant of `type` (a splat for vectors).
  Value integer(Type type, int64_t value);
  /// `scalar` broadcast to `like`'s vector shape (as is for scalars).
  Value broadcastTo(Value scalar, Type like);

  OpBuilder &b;
  Location loc;
  CodecBuilder codec;
  formats::Scheme scheme;
};

} // namespace mlir::microscale

#endif // MICROSCALE_CONVERSION_CODECS_BLOCKCODECS_H
