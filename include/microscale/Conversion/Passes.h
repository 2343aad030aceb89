//===- Passes.h - microscale target conversions -----------------*- C++ -*-===//

#ifndef MICROSCALE_CONVERSION_PASSES_H
#define MICROSCALE_CONVERSION_PASSES_H

#include "microscale/Conversion/LinalgToMicroscale/LinalgToMicroscale.h"
#include "microscale/Conversion/MicroscaleToCPU/MicroscaleToCPU.h"
#include "microscale/Conversion/MicroscaleToGPU/MicroscaleToGPU.h"
#include "microscale/Conversion/MicroscaleToLinalg/MicroscaleToLinalg.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::microscale {

#define GEN_PASS_DECL
#include "microscale/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "microscale/Conversion/Passes.h.inc"

} // namespace mlir::microscale

#endif // MICROSCALE_CONVERSION_PASSES_H
