//===- ElementCodecs.h - element and scale conversions as IR ----*- C++ -*-===//
//
// Emits the numerics reference's conversions between f32 and the microscaling
// formats as integer and float arithmetic on scalars or vectors, never through
// `arith.truncf`/`arith-expand` (which rounds FP4 ties away from zero and
// loses the sign of small negatives). The constants come from the numerics
// core, so the emitted code and the reference share one definition.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_CONVERSION_CODECS_ELEMENTCODECS_H
#define MICROSCALE_CONVERSION_CODECS_ELEMENTCODECS_H

#include "microscale/Formats/ElementFormats.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"

namespace mlir::microscale {

namespace formats = ::microscale::formats;

/// Builds arithmetic on values of one shape: `f32`/`i32` scalars or
/// `vector<N x f32>`/`vector<N x i32>`, chosen by the operands.
class CodecBuilder {
public:
  CodecBuilder(OpBuilder &builder, Location loc) : b(builder), loc(loc) {}

  /// i32 or f32 constants shaped like `like` (a splat for vectors).
  Value i32(Type like, int64_t value);
  Value f32(Type like, float value);
  /// The same shape as `like` with element type `element`.
  Type reshape(Type like, Type element);

  Value bitsOf(Value f32Value);  // f32 -> i32 bit pattern
  Value floatOf(Value i32Value); // i32 bit pattern -> f32

  /// Element codes (i8, bits in the low bits) to f32 values (Numerics §1).
  Value decode(formats::Format format, Value codes);
  /// f32 values to element codes (i8): round to nearest even, saturate,
  /// keep the sign of zero results. Not for NaN inputs: blocks holding NaN
  /// are handled by the block rules.
  Value encode(formats::Format format, Value values);

  /// f32 values rounded to integers, ties to even (math.roundeven).
  Value roundHalfEven(Value values);
  /// The same in add/subtract/select arithmetic, for targets without a
  /// rounding instruction reachable from MLIR (NVVM: convert-gpu-to-nvvm
  /// makes math.roundeven a libdevice call). Exact for every f32.
  Value roundHalfEvenByArithmetic(Value values);

  /// f32 to bf16, rounding to nearest even in integer arithmetic. (The
  /// AVX-512 BF16 conversion LLVM would otherwise pick flushes subnormals.)
  Value truncToBF16(Value values);

  /// |x| as an i32 bit pattern: ordered like the magnitudes, with Inf and
  /// NaN above every finite value, so a block's amax is an unsigned max.
  Value absBits(Value f32Value);
  /// E8M0 scale code (i32, 0..254) of a block whose |amax| bit pattern is
  /// `amaxBits`, under the `floor` (Numerics §2.2) or `rceil` (Numerics §2.3)
  /// rule.
  Value e8m0ScaleCode(formats::Format element, Value amaxBits, bool rceil);
  /// The E8M0 code of f32 `ratio` rounded up to a power of two, clamped to
  /// [2^-127, 2^127] (Numerics §2.3; what `cvt.rp.satfinite.ue8m0x2.f32` does).
  Value e8m0CeilCode(Value ratio);
  /// The E8M0 code of an unbiased exponent (i32), clamped to [-127, 127].
  Value e8m0Code(Value exponent);
  /// 2^-e for an E8M0 code e + 127 (exact, 2^-127 included).
  Value e8m0InverseScale(Value code);
  /// 2^e for an E8M0 code, NaN for 0xFF (Numerics §1, E8M0 row).
  Value e8m0Scale(Value code);

  /// A stored block scale (f8E8M0FNU or f8E4M3FN) as its code, i32.
  Value scaleCode(Value scale);
  /// The stored block scale of `scaleType` holding an i32 code.
  Value scaleOfCode(Value code, Type scaleType);

  /// NVFP4's per-tensor scales (Numerics §3.1-3.3), scalars: `encode` (g,
  /// applied to block amaxes, clamped to FLT_MAX), `decode` (the stored global)
  /// and `invalid` (i1: every block becomes NaN, for a given global that is not
  /// positive and finite).
  struct GlobalScales {
    Value encode, decode, invalid;
  };
  /// From the |x| bit pattern of the whole tensor's amax.
  GlobalScales nvfp4ComputedGlobal(Value amaxBits);
  /// From a given (calibrated) decode-direction global.
  GlobalScales nvfp4GivenGlobal(Value global);
  /// UE4M3 block scale code (i32) `e4m3((amax / 6) * g)` (Numerics §3.4).
  Value nvfp4ScaleCode(Value amaxBits, Value encodeGlobal);
  /// What a block's values are multiplied by before E2M1 rounding:
  /// `min(g / float(s), FLT_MAX)`, one f32 division (Numerics §3.4). Finite, so
  /// a zero element never becomes NaN.
  Value nvfp4ElementMultiplier(Value scaleCode, Value encodeGlobal);

private:
  /// min(x, FLT_MAX) for f32 x: +Inf becomes FLT_MAX (Numerics §3.1, §3.3,
  /// §3.4).
  Value atMostFltMax(Value x);

  Value cmp(arith::CmpIPredicate predicate, Value lhs, Value rhs);

  OpBuilder &b;
  Location loc;
};

} // namespace mlir::microscale

#endif // MICROSCALE_CONVERSION_CODECS_ELEMENTCODECS_H
