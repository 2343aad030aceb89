//===- CPUTarget.cpp - the machine the CPU lowering targets ---------------===//

#include "microscale/Conversion/MicroscaleToCPU/MicroscaleToCPU.h"

#include "llvm/TargetParser/Host.h"

using namespace mlir;
using namespace mlir::microscale;

CPUTarget CPUTarget::host() {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  CPUTarget target;
  if (features.lookup("avx512f")) {
    target.vectorBits = 512;
    target.hasAVX512F = true;
    target.hasAVX512BF16 = features.lookup("avx512bf16");
    target.hasAVX512BW = features.lookup("avx512bw");
    target.hasAVX512VNNI = features.lookup("avx512vnni");
  } else if (features.lookup("avx2"))
    target.vectorBits = 256;
  return target;
}

FailureOr<CPUTarget> CPUTarget::get(unsigned vectorBits, StringRef features) {
  CPUTarget target = host();
  if (features != "host") {
    target.hasAVX512F = target.hasAVX512BF16 = target.hasAVX512BW =
        target.hasAVX512VNNI = false;
    SmallVector<StringRef> names;
    features.split(names, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
    for (StringRef name : names) {
      name = name.trim();
      if (name == "avx512f")
        target.hasAVX512F = true;
      else if (name == "avx512bf16")
        target.hasAVX512BF16 = true;
      else if (name == "avx512bw")
        target.hasAVX512BW = true;
      else if (name == "avx512vnni")
        target.hasAVX512VNNI = true;
      else if (name != "none")
        return failure();
    }
    target.vectorBits = target.hasAVX512F ? 512 : 256;
  }
  if (vectorBits != 0)
    target.vectorBits = vectorBits;
  // The AVX-512 instructions need 512-bit vectors.
  if (target.vectorBits < 512)
    target.hasAVX512F = target.hasAVX512BF16 = target.hasAVX512BW =
        target.hasAVX512VNNI = false;
  return target;
}
