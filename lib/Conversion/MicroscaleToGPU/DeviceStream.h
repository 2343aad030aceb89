//===- DeviceStream.h - the stream of device-resident functions -*- C++ -*-===//
//
// With host-data=false every function defined in the module takes the
// CUstream its kernels run on as its last argument (`!llvm.ptr`, marked
// with kStreamAttr; null is the context's default stream). The host code
// orders its device work on that stream through async tokens made from it:
// after gpu-to-llvm a token is the stream pointer itself.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_DEVICESTREAM_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_DEVICESTREAM_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::microscale::nvvm {

/// The argument attribute of the stream argument.
constexpr StringLiteral kStreamAttr = "microscale.stream";
/// On the `gpu.alloc` of a device-resident op's result: a buffer that the
/// op produced, which `microscale-gpu-device-results` turns into an output
/// argument or frees.
constexpr StringLiteral kDeviceResultAttr = "microscale.device_result";

/// Appends the stream argument to every function defined in `module` and
/// passes the caller's stream at every call of one; fails with a diagnostic
/// when a microscale op is outside a function definition.
LogicalResult addStreamArguments(ModuleOp module);

/// The stream argument of the function around `op`, or null.
Value getStreamArgument(Operation *op);

/// An async token standing for `stream` (the stream argument).
Value streamToken(OpBuilder &b, Location loc, Value stream);

} // namespace mlir::microscale::nvvm

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_DEVICESTREAM_H
