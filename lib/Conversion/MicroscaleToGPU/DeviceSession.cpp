//===- DeviceSession.cpp - host code around one op's kernels --------------===//

#include "DeviceSession.h"
#include "DeviceStream.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::nvvm;

Value nvvm::hostBuffer(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  return bufferization::ToBufferOp::create(
      b, loc, MemRefType::get(type.getShape(), type.getElementType()), tensor,
      /*read_only=*/true);
}

Value nvvm::flatView(OpBuilder &b, Location loc, Value memref) {
  auto type = cast<MemRefType>(memref.getType());
  if (type.getRank() != 1) {
    ReassociationIndices all;
    for (int64_t i = 0; i < type.getRank(); ++i)
      all.push_back(i);
    memref = memref::CollapseShapeOp::create(
        b, loc, memref, ArrayRef<ReassociationIndices>{all});
  }
  auto flat = MemRefType::get({ShapedType::kDynamic}, type.getElementType());
  if (memref.getType() == flat)
    return memref;
  return memref::CastOp::create(b, loc, flat, memref);
}

DeviceSession::DeviceSession(OpBuilder &b, Location loc, bool hostData)
    : b(b), loc(loc) {
  if (!hostData) {
    // addStreamArguments gave every function definition one.
    stream = getStreamArgument(b.getInsertionBlock()->getParentOp());
    assert(stream && "device-resident code outside a function with a stream");
    token = streamToken(b, loc, stream);
    return;
  }
  token = gpu::WaitOp::create(b, loc, b.getType<gpu::AsyncTokenType>(),
                              ValueRange())
              .getAsyncToken();
}

Value DeviceSession::alloc(Type elementType, Value elements) {
  auto type = MemRefType::get({ShapedType::kDynamic}, elementType);
  auto op = gpu::AllocOp::create(b, loc, type, b.getType<gpu::AsyncTokenType>(),
                                 ValueRange{token}, ValueRange{elements},
                                 ValueRange(), /*hostShared=*/false);
  // Device memory lives for one op and is freed in finish(): outside the
  // ownership-based deallocation of host buffers, which would free it with
  // the host allocator.
  op->setAttr(bufferization::BufferizationDialect::kManualDeallocation,
              b.getUnitAttr());
  token = op.getAsyncToken();
  deviceBuffers.push_back(op.getMemref());
  return op.getMemref();
}

Value DeviceSession::copyIn(Value tensor) {
  if (!hostData())
    return flatView(b, loc, hostBuffer(b, loc, tensor));
  Value host = flatView(b, loc, hostBuffer(b, loc, tensor));
  Value device = alloc(cast<MemRefType>(host.getType()).getElementType(),
                       memref::DimOp::create(b, loc, host, 0));
  token = gpu::MemcpyOp::create(b, loc, b.getType<gpu::AsyncTokenType>(),
                                ValueRange{token}, device, host)
              .getAsyncToken();
  return device;
}

Value DeviceSession::copyOut(Value device, MemRefType type,
                             ValueRange dynamicSizes) {
  if (!hostData()) {
    // The buffer is the result: not scratch, and marked for
    // microscale-gpu-device-results (an output argument, or freed).
    llvm::erase(deviceBuffers, device);
    device.getDefiningOp()->setAttr(kDeviceResultAttr, b.getUnitAttr());
    if (type.getRank() == 1)
      return memref::CastOp::create(b, loc, type, device);
    SmallVector<OpFoldResult> shape;
    unsigned dynamic = 0;
    for (int64_t size : type.getShape())
      shape.push_back(ShapedType::isDynamic(size)
                          ? OpFoldResult(dynamicSizes[dynamic++])
                          : OpFoldResult(b.getIndexAttr(size)));
    ReassociationIndices all;
    for (int64_t i = 0; i < type.getRank(); ++i)
      all.push_back(i);
    // A static shape expands a static flat buffer.
    if (type.hasStaticShape())
      device = memref::CastOp::create(
          b, loc,
          MemRefType::get({type.getNumElements()}, type.getElementType()),
          device);
    return memref::ExpandShapeOp::create(
        b, loc, type, device, ArrayRef<ReassociationIndices>{all}, shape);
  }
  Value host = memref::AllocOp::create(b, loc, type, dynamicSizes,
                                       b.getI64IntegerAttr(64));
  token =
      gpu::MemcpyOp::create(b, loc, b.getType<gpu::AsyncTokenType>(),
                            ValueRange{token}, flatView(b, loc, host), device)
          .getAsyncToken();
  return host;
}

void DeviceSession::launch(
    Value blocks, int64_t threads, TypeRange workgroupBuffers,
    function_ref<void(OpBuilder &, Location, Value, Value, ValueRange)> body,
    int64_t dynamicSharedBytes) {
  Value one = indexConstant(b, loc, 1);
  Value dynamicShared;
  if (dynamicSharedBytes)
    dynamicShared = arith::ConstantOp::create(
        b, loc, b.getI32IntegerAttr(static_cast<int32_t>(dynamicSharedBytes)));
  auto launch = gpu::LaunchOp::create(
      b, loc, blocks, one, one, indexConstant(b, loc, threads), one, one,
      dynamicShared, b.getType<gpu::AsyncTokenType>(), ValueRange{token},
      workgroupBuffers);
  token = launch.getAsyncToken();
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(&launch.getBody().front());
  body(b, loc, launch.getBlockIds().x, launch.getThreadIds().x,
       launch.getWorkgroupAttributions());
  gpu::TerminatorOp::create(b, loc);
}

void DeviceSession::launchPerItem(
    Value count, function_ref<void(OpBuilder &, Location, Value)> body) {
  Value threads = indexConstant(b, loc, kItemThreads);
  // At least one block, so that an empty launch stays a valid one.
  Value blocks = arith::MaxUIOp::create(
      b, loc, arith::CeilDivUIOp::create(b, loc, count, threads),
      indexConstant(b, loc, 1));
  launch(
      blocks, kItemThreads, TypeRange(),
      [&](OpBuilder &b, Location loc, Value block, Value thread, ValueRange) {
        Value item = arith::AddIOp::create(
            b, loc,
            arith::MulIOp::create(b, loc, block,
                                  indexConstant(b, loc, kItemThreads)),
            thread);
        Value inRange = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                              item, count);
        scf::IfOp::create(b, loc, inRange, [&](OpBuilder &b, Location loc) {
          body(b, loc, item);
          scf::YieldOp::create(b, loc);
        });
      });
}

void DeviceSession::finish() {
  for (Value buffer : deviceBuffers) {
    auto dealloc = gpu::DeallocOp::create(
        b, loc, b.getType<gpu::AsyncTokenType>(), ValueRange{token}, buffer);
    dealloc->setAttr(bufferization::BufferizationDialect::kManualDeallocation,
                     b.getUnitAttr());
    token = dealloc.getAsyncToken();
  }
  if (hostData())
    gpu::WaitOp::create(b, loc, Type(), ValueRange{token});
  deviceBuffers.clear();
}
