//===- X86Intrinsics.h - LLVM x86 intrinsics the CPU kernels call -*- C++ -*-===//
//
// The AVX-512 instructions that neither the vector nor the x86vector dialect
// has (table permutes, byte shuffles, VNNI dot products) are called as LLVM
// intrinsics. `llvm.call_intrinsic` declares no memory effects, and the
// pipelines' ownership-based deallocation rejects ops of unknown effects: the
// model registered here tells it that these register-only instructions touch
// no memory (any other intrinsic is taken to read and write it).
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_X86INTRINSICS_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_X86INTRINSICS_H

#include "mlir/IR/Builders.h"

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace mlir::microscale::cpu {

/// vpermps: 16 f32 lanes of `table` picked by `indices`.
constexpr llvm::StringLiteral kPermuteF32 = "llvm.x86.avx512.permvar.sf.512";
/// vpermi2ps: 16 f32 lanes picked from the 32 of two tables.
constexpr llvm::StringLiteral kPermute2F32 = "llvm.x86.avx512.vpermi2var.ps.512";
/// vpshufb: bytes picked within each 128-bit lane.
constexpr llvm::StringLiteral kShuffleBytes = "llvm.x86.avx512.pshuf.b.512";
/// vpdpbusd: unsigned x signed byte dot products into i32 lanes.
constexpr llvm::StringLiteral kDotU8S8 = "llvm.x86.avx512.vpdpbusd.512";

/// A call of one of the intrinsics above, which computes on registers only.
Value callVectorIntrinsic(OpBuilder &b, Location loc, Type result,
                          llvm::StringLiteral name, ValueRange operands);

/// Declares the memory effects of `llvm.call_intrinsic` (see above).
void registerIntrinsicEffects(DialectRegistry &registry);

} // namespace mlir::microscale::cpu

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOCPU_X86INTRINSICS_H
