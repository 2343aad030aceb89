//===- EmulateBlockScaleMma.h - block-scaled mma on the host ----*- C++ -*-===//
//
// The host emulation (test-microscale-emulate-gpu-on-host) of one warp-wide
// `nvvm.mma.block_scale` (sm_120a) for every warp of a block, computed from
// the fragments and scale registers the lanes staged, by the PTX ISA's
// layouts (the affine forms MmaBlockScaleFragmentsTest checks against the
// index library). It models the instruction's definition
//   d = c + sum_k (a[row][k] * sa[row][k / chunk]) * (b[k][col] * sb[...])
// with each product and the sum in f32, not the tensor core's internal
// precision; it checks what the kernel stages, not the hardware.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_TEST_LIB_GPUEMULATION_EMULATEBLOCKSCALEMMA_H
#define MICROSCALE_TEST_LIB_GPUEMULATION_EMULATEBLOCKSCALEMMA_H

#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/IR/Builders.h"

namespace mlir::microscale::nvvm {

/// Bits [shift, shift + bits) (shift: index) of register `reg` (index: one
/// of `regs`, per-thread i32 buffers) of thread `thread`, as i8.
Value registerField(OpBuilder &b, Location loc, ArrayRef<Value> regs, Value reg,
                    Value thread, Value shift, int64_t bits);

/// Emits host loops over the `threads` / 32 warps and their lanes computing
/// `op` into `results` (four per-thread f32 buffers). `buffer(v)` is the
/// per-thread host buffer that holds operand `v`, or null; byte-id and
/// thread-id must be constants.
LogicalResult emulateBlockScaleMma(OpBuilder &b, Location loc,
                                   NVVM::MmaBlockScaleOp op, Value threads,
                                   function_ref<Value(Value)> buffer,
                                   ArrayRef<Value> results);

} // namespace mlir::microscale::nvvm

#endif // MICROSCALE_TEST_LIB_GPUEMULATION_EMULATEBLOCKSCALEMMA_H
