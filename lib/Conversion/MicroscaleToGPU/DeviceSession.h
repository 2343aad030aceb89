//===- DeviceSession.h - host code around one op's kernels ------*- C++ -*-===//
//
// The host side of every GPU lowering: a microscale op on host tensors
// becomes device buffers (`gpu.alloc`), copies in (`gpu.memcpy`), kernel
// launches (`gpu.launch`, outlined later) and copies back, all ordered on one
// stream by an async token chain that ends in a blocking `gpu.wait`. Device
// buffers are flat (rank 1, dynamic size): kernels index them row-major.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_DEVICESESSION_H
#define MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_DEVICESESSION_H

#include "microscale/Conversion/Codecs/OperandStorage.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::microscale::nvvm {

/// Threads per block of the one-thread-per-item kernels.
constexpr int64_t kItemThreads = 256;

class DeviceSession {
public:
  /// Starts a stream (`gpu.wait async`) at the builder's insertion point.
  DeviceSession(OpBuilder &b, Location loc);

  /// A flat device copy of a host tensor.
  Value copyIn(Value tensor);
  /// A flat device buffer of `elements` values of `elementType`.
  Value alloc(Type elementType, Value elements);
  /// A new host buffer of `type` (`dynamicSizes` for its dynamic
  /// dimensions) that receives the flat device buffer `device` once
  /// `finish` has run.
  Value copyOut(Value device, MemRefType type, ValueRange dynamicSizes);

  /// Launches a 1-D grid of `blocks` blocks of `threads` threads with the
  /// given shared-memory buffers; `body` receives the block id, the thread
  /// id and the shared buffers.
  void launch(Value blocks, int64_t threads, TypeRange workgroupBuffers,
              function_ref<void(OpBuilder &, Location, Value block,
                                Value thread, ValueRange shared)>
                  body);
  /// Launches one thread per item of [0, count): `body` receives the item.
  void launchPerItem(Value count,
                     function_ref<void(OpBuilder &, Location, Value)> body);

  /// Frees the device buffers and waits for the stream: the host buffers of
  /// `copyOut` hold their results afterwards.
  void finish();

private:
  OpBuilder &b;
  Location loc;
  Value token;
  SmallVector<Value> deviceBuffers;
};

/// The host memref behind a tensor (identity layout, read-only).
Value hostBuffer(OpBuilder &b, Location loc, Value tensor);
} // namespace mlir::microscale::nvvm

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_DEVICESESSION_H
