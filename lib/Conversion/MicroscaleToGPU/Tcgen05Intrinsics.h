//===- Tcgen05Intrinsics.h - tcgen05 ops as intrinsic calls -----*- C++ -*-===//
//
// MLIR 22's NVVM dialect admits the tcgen05 ops on sm_100a and sm_101a only
// (its `NVVMRequiresSMa` lists), while ptxas and LLVM's NVPTX backend take
// them on sm_103a as well. For a chip whose row in the target description
// says so, the kernels' tcgen05 ops become `llvm.call_intrinsic` of the
// very intrinsics the NVVM ops translate to, before the chip's target is
// attached to the GPU modules.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_TCGEN05INTRINSICS_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_TCGEN05INTRINSICS_H

#include "mlir/IR/Operation.h"

namespace mlir::microscale::nvvm {

/// Rewrites every tcgen05 op the matmul kernels emit under `root` into an
/// `llvm.call_intrinsic`; fails (with a diagnostic at the op) on a variant
/// the kernels do not emit.
LogicalResult rewriteTcgen05AsIntrinsicCalls(Operation *root);

} // namespace mlir::microscale::nvvm

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_TCGEN05INTRINSICS_H
