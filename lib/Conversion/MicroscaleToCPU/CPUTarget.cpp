//===- CPUTarget.cpp - the machine the CPU lowering targets ---------------===//

#include "microscale/Conversion/MicroscaleToCPU/MicroscaleToCPU.h"

#include "llvm/TargetParser/Host.h"

using namespace mlir::microscale;

CPUTarget CPUTarget::host() {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  CPUTarget target;
  if (features.lookup("avx512f")) {
    target.vectorBits = 512;
    target.hasAVX512F = true;
  } else if (features.lookup("avx2"))
    target.vectorBits = 256;
  return target;
}

CPUTarget CPUTarget::withVectorBits(unsigned vectorBits) {
  if (vectorBits == 0)
    return host();
  CPUTarget target;
  target.vectorBits = vectorBits;
  target.hasAVX512F = vectorBits >= 512;
  return target;
}
