//===- CPUTarget.cpp - the CPUs the CPU lowering is tuned for -------------===//
//
// The rows and where their figures come from. "CPU-KERNELS" is the
// measurement log of the two processors this project has been tuned on, one
// core each: an AMD Zen 5 and an Intel Xeon of the Sapphire Rapids family
// that LLVM names emeraldrapids. Figures not measured on such a machine say
// so.
//
//===----------------------------------------------------------------------===//

#include "microscale/Conversion/MicroscaleToCPU/CPUTarget.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

using namespace mlir;
using namespace mlir::microscale;

namespace {

struct Row {
  StringRef name;
  unsigned vectorBits;
  bool avx512f, avx512bf16, avx512bw, avx512vnni;
  bool preferBF16Dot;
  bool fp4TableLookup;
  int64_t prefetchBytes;
};

// Prefetch distance, every AVX-512 row: 16 KB ahead per row stream took a
// cold GEMV from ~53 to ~100 GFLOP/s on Zen 5 (four interleaved weight rows
// defeat the hardware prefetcher) and is what mx-bench's GEMV figures on the
// Intel core were reached with.
// FP4 table lookups: one `vpermps` per 16 values against about ten integer
// and float operations per value decoded arithmetically; the decode-bound
// GEMV ran fastest so on both machines.
constexpr Row kRows[] = {
    // Zen 5: `vdpbf16ps` retires 2 per clock like the f32 FMA, twice the
    // products (~460 against ~230 GFLOP/s; hand-written M = 512 GEMM 391
    // against 193 GFLOP/s), CPU-KERNELS.
    {"znver5", 512, true, true, true, true, /*preferBF16Dot=*/true, true,
     16384},
    // Zen 4 runs 512-bit operations as two 256-bit halves, FMA and
    // `vdpbf16ps` alike, so their ratio is Zen 5's (AMD's Zen 4 optimization
    // guide; not measured here).
    {"znver4", 512, true, true, true, true, /*preferBF16Dot=*/true, true,
     16384},
    // Intel Sapphire Rapids family: `vdpbf16ps` runs at half the f32 FMA
    // rate (108 against 216 GFLOP/s on the emeraldrapids core,
    // CPU-KERNELS), so bf16 activations are widened to f32 and multiplied
    // by FMAs. Granite Rapids keeps that core's vector units (not measured
    // here).
    {"sapphirerapids", 512, true, true, true, true, /*preferBF16Dot=*/false,
     true, 16384},
    {"emeraldrapids", 512, true, true, true, true, /*preferBF16Dot=*/false,
     true, 16384},
    {"graniterapids", 512, true, true, true, true, /*preferBF16Dot=*/false,
     true, 16384},
    // Generic rows for processors without a row of their own: AVX-512
    // (F, BW as in x86-64-v4; a host's BF16 and VNNI are added when it has
    // them), AVX2, and 128-bit vectors without x86 specifics.
    {"x86-64-v4", 512, true, false, true, false, /*preferBF16Dot=*/false,
     true, 16384},
    {"x86-64-v3", 256, false, false, false, false, false, false, 16384},
    {"generic", 128, false, false, false, false, false, false, 16384},
};

CPUTarget fromRow(const Row &row) {
  CPUTarget target;
  target.name = row.name.str();
  target.vectorBits = row.vectorBits;
  target.hasAVX512F = row.avx512f;
  target.hasAVX512BF16 = row.avx512bf16;
  target.hasAVX512BW = row.avx512bw;
  target.hasAVX512VNNI = row.avx512vnni;
  target.preferBF16Dot = row.preferBF16Dot;
  target.fp4TableLookup = row.fp4TableLookup;
  target.prefetchBytes = row.prefetchBytes;
  return target;
}

/// The instruction sets need 512-bit vectors.
void limitToVectorBits(CPUTarget &target) {
  if (target.vectorBits >= 512)
    return;
  target.hasAVX512F = target.hasAVX512BF16 = target.hasAVX512BW =
      target.hasAVX512VNNI = false;
  target.fp4TableLookup = false;
}

} // namespace

FailureOr<CPUTarget> CPUTarget::lookup(StringRef cpu) {
  for (const Row &row : kRows)
    if (row.name == cpu)
      return fromRow(row);
  return failure();
}

SmallVector<StringRef> CPUTarget::rowNames() {
  SmallVector<StringRef> names;
  for (const Row &row : kRows)
    names.push_back(row.name);
  return names;
}

CPUTarget CPUTarget::host() {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  bool avx512f = features.lookup("avx512f");
  FailureOr<CPUTarget> row = lookup(llvm::sys::getHostCPUName());
  if (failed(row))
    row = lookup(avx512f                    ? "x86-64-v4"
                 : features.lookup("avx2") ? "x86-64-v3"
                                           : "generic");
  CPUTarget target = *row;
  if (!llvm::Triple(llvm::sys::getProcessTriple()).isX86()) {
    // No x86 instruction sets; no AArch64 rows yet.
    target = *lookup("generic");
    target.arch = CPUArch::AArch64;
    return target;
  }
  // What the host reports bounds the row (a virtual machine may hide
  // instruction sets its processor has); a generic row takes the host's
  // BF16 and VNNI.
  bool generic = StringRef(target.name).starts_with("x86-64");
  target.hasAVX512F = avx512f;
  target.hasAVX512BW = features.lookup("avx512bw") &&
                       (target.hasAVX512BW || generic);
  target.hasAVX512BF16 = features.lookup("avx512bf16") &&
                         (target.hasAVX512BF16 || generic);
  target.hasAVX512VNNI = features.lookup("avx512vnni") &&
                         (target.hasAVX512VNNI || generic);
  if (!avx512f)
    target.vectorBits = std::min(target.vectorBits,
                                 features.lookup("avx2") ? 256u : 128u);
  limitToVectorBits(target);
  return target;
}

FailureOr<CPUTarget> CPUTarget::get(StringRef cpu, unsigned vectorBits,
                                    StringRef features, std::string &error) {
  CPUTarget target;
  if (cpu == "host") {
    target = host();
  } else if (FailureOr<CPUTarget> row = lookup(cpu); succeeded(row)) {
    target = *row;
  } else {
    error = ("unknown CPU '" + cpu + "'; expected 'host' or one of " +
             llvm::join(rowNames(), ", "))
                .str();
    return failure();
  }
  if (features != "host") {
    bool avx512f = false, avx512bf16 = false, avx512bw = false,
         avx512vnni = false;
    SmallVector<StringRef> names;
    features.split(names, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
    for (StringRef name : names) {
      name = name.trim();
      if (name == "avx512f")
        avx512f = true;
      else if (name == "avx512bf16")
        avx512bf16 = true;
      else if (name == "avx512bw")
        avx512bw = true;
      else if (name == "avx512vnni")
        avx512vnni = true;
      else if (name != "none") {
        error = ("unknown CPU feature in '" + features +
                 "'; expected 'host' or a list of avx512f, avx512bf16, "
                 "avx512bw, avx512vnni")
                    .str();
        return failure();
      }
    }
    if (cpu == "host") {
      // Not this machine's tuning: a generic row's, with every listed
      // instruction set used where it applies.
      target = *lookup(avx512f ? "x86-64-v4" : "x86-64-v3");
      target.preferBF16Dot = avx512bf16;
    }
    target.hasAVX512F = avx512f;
    target.hasAVX512BF16 = avx512bf16;
    target.hasAVX512BW = avx512bw;
    target.hasAVX512VNNI = avx512vnni;
    target.vectorBits = avx512f ? 512 : 256;
    target.fp4TableLookup = avx512f;
  }
  if (vectorBits != 0)
    target.vectorBits = vectorBits;
  limitToVectorBits(target);
  return target;
}
