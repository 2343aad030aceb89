//===- DeviceSession.h - host code around one op's kernels ------*- C++ -*-===//
//
// The host side of every GPU lowering: a microscale op on host tensors
// becomes device buffers (`gpu.alloc`), copies in (`gpu.memcpy`), kernel
// launches (`gpu.launch`, outlined later) and copies back, all ordered on one
// stream by an async token chain that ends in a blocking `gpu.wait`. Device
// buffers are flat (rank 1, dynamic size): kernels index them row-major.
//
// Device-resident (host-data=false, DeviceStream.h): the tensors already are
// device buffers. Operands are read where they are, results are new device
// buffers viewed in their shape, and the work is ordered on the function's
// stream argument with no wait: the same kernels, no copy.
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
  /// Starts a stream (`gpu.wait async`) at the builder's insertion point,
  /// or with `hostData` false continues the function's stream argument.
  DeviceSession(OpBuilder &b, Location loc, bool hostData = true);

  /// Whether tensors are host memory (copied in and out).
  bool hostData() const { return !stream; }

  /// A flat device copy of a host tensor, or the flat device buffer behind
  /// a device-resident one.
  Value copyIn(Value tensor);
  /// A flat device buffer of `elements` values of `elementType`: scratch,
  /// freed by `finish`, unless it becomes a result through `copyOut`.
  Value alloc(Type elementType, Value elements);
  /// The result held by the flat device buffer `device` as a buffer of
  /// `type` (`dynamicSizes` for its dynamic dimensions): a new host buffer
  /// that receives it once `finish` has run, or, device-resident, the
  /// device buffer itself in that shape.
  Value copyOut(Value device, MemRefType type, ValueRange dynamicSizes);

  /// Launches a 1-D grid of `blocks` blocks of `threads` threads with the
  /// given shared-memory buffers and `dynamicSharedBytes` of dynamic shared
  /// memory; `body` receives the block id, the thread id and the shared
  /// buffers.
  void launch(Value blocks, int64_t threads, TypeRange workgroupBuffers,
              function_ref<void(OpBuilder &, Location, Value block,
                                Value thread, ValueRange shared)>
                  body,
              int64_t dynamicSharedBytes = 0);
  /// Launches one thread per item of [0, count): `body` receives the item.
  void launchPerItem(Value count,
                     function_ref<void(OpBuilder &, Location, Value)> body);

  /// Frees the scratch device buffers and waits for the stream: the host
  /// buffers of `copyOut` hold their results afterwards. Device-resident,
  /// the scratch is freed in stream order and nothing waits.
  void finish();

private:
  OpBuilder &b;
  Location loc;
  Value stream; // the stream argument when device-resident
  Value token;
  SmallVector<Value> deviceBuffers;
};

/// The host memref behind a tensor (identity layout, read-only); the
/// device buffer when device-resident.
Value hostBuffer(OpBuilder &b, Location loc, Value tensor);
/// An identity-layout `memref` seen as memref<? x element>.
Value flatView(OpBuilder &b, Location loc, Value memref);
} // namespace mlir::microscale::nvvm

#endif // MICROSCALE_LIB_CONVERSION_MICROSCALETOGPU_DEVICESESSION_H
