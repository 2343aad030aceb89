//===- CPUTarget.h - the CPUs the CPU lowering is tuned for -----*- C++ -*-===//
//
// What convert-microscale-to-cpu needs to know about the processor it
// generates code for: one row of a table keyed by LLVM's CPU name (what
// llvm::sys::getHostCPUName() reports, as `-mcpu` takes it), the way
// GPUTarget's chip table is keyed by SM name. A row holds the instruction
// sets the kernels may use and what they choose by where CPUs differ; each
// figure it is set from is cited in CPUTarget.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_CONVERSION_MICROSCALETOCPU_CPUTARGET_H
#define MICROSCALE_CONVERSION_MICROSCALETOCPU_CPUTARGET_H

#include "mlir/Support/LLVM.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace mlir::microscale {

/// The instruction-set architecture of a row. The kernels use x86 vector
/// intrinsics (X86Intrinsics.h) only on X86_64 rows; an AArch64 row would
/// carry its own vector width and dot-product choices (SVE/NEON `sdot`,
/// `bfdot`) for kernels that check `arch`.
enum class CPUArch { X86_64, AArch64 };

struct CPUTarget {
  /// The row: an LLVM CPU name ("znver5", "sapphirerapids", ...) or a
  /// generic one ("x86-64-v4", "x86-64-v3", "generic").
  std::string name = "generic";
  CPUArch arch = CPUArch::X86_64;

  /// Width of the vector registers the generated loops are shaped for.
  unsigned vectorBits = 128;
  /// AVX-512F instructions may be used (16-entry `vpermps` table lookups
  /// decode FP4 codes in one instruction per 16 elements).
  bool hasAVX512F = false;
  /// AVX-512 BF16 (`vdpbf16ps`) may be used for bf16 activations.
  bool hasAVX512BF16 = false;
  /// AVX-512 BW byte shuffles (`vpshufb`) may be used.
  bool hasAVX512BW = false;
  /// AVX-512 VNNI (`vpdpbusd`) may be used: exact int8 dot products when
  /// both matmul operands hold small integers times block scales.
  bool hasAVX512VNNI = false;

  /// bf16 activations times weights exact in bf16 take bf16 dot products
  /// (`vdpbf16ps`, two products per f32 lane) rather than being widened
  /// to f32 for FMAs: true where the bf16 dot product retires at least as
  /// many instructions per clock as the f32 FMA (twice the products).
  bool preferBF16Dot = false;
  /// FP4 codes decoded by table lookups (`vpermps`) rather than arithmetic.
  bool fp4TableLookup = false;
  /// How far ahead of each weight row being read the kernels ask the cache
  /// to load, in bytes.
  int64_t prefetchBytes = 16384;

  /// A code-generation choice rather than a property of the processor:
  /// independent work (rows, weight panels, tiles of the result) goes in
  /// scf.parallel loops, which the CPU pipeline runs on OpenMP threads.
  /// False for embedders that run the kernels on threads of their own.
  bool parallel = true;

  /// f32 lanes per vector register.
  unsigned f32Lanes() const { return vectorBits / 32; }

  /// The row named `cpu` (an LLVM CPU name with a row, or a generic row);
  /// failure for other names.
  static FailureOr<CPUTarget> lookup(StringRef cpu);
  /// The row of the processor this process runs on: its LLVM CPU name's
  /// row, else the generic row its instruction sets reach, with the
  /// instruction sets limited to those the host reports.
  static CPUTarget host();
  /// The names of the rows, for diagnostics.
  static SmallVector<StringRef> rowNames();

  /// From the pass options: the row of `cpu` ("host": this machine's).
  /// `features` other than "host" lists the instruction sets allowed,
  /// comma-separated: "avx512f", "avx512bf16", "avx512bw", "avx512vnni"
  /// ("none" for none of them); with `cpu` "host" the tuning is then the
  /// generic row's for those sets, so that the output does not depend on
  /// the machine. `vectorBits` other than 0 sets the vector width.
  /// Failure, with `error` saying why, on an unknown name or feature.
  static FailureOr<CPUTarget> get(StringRef cpu, unsigned vectorBits,
                                  StringRef features, std::string &error);
};

} // namespace mlir::microscale

#endif // MICROSCALE_CONVERSION_MICROSCALETOCPU_CPUTARGET_H
