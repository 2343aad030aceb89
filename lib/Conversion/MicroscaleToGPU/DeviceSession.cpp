//===- DeviceSession.cpp - host code around one op's kernels --------------===//

#include "DeviceSession.h"

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

/// `memref` seen as memref<? x element>.
static Value flatView(OpBuilder &b, Location loc, Value memref) {
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

DeviceSession::DeviceSession(OpBuilder &b, Location loc) : b(b), loc(loc) {
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
    function_ref<void(OpBuilder &, Location, Value, Value, ValueRange)> body) {
  Value one = indexConstant(b, loc, 1);
  auto launch = gpu::LaunchOp::create(
      b, loc, blocks, one, one, indexConstant(b, loc, threads), one, one,
      /*dynamicSharedMemorySize=*/nullptr, b.getType<gpu::AsyncTokenType>(),
      ValueRange{token}, workgroupBuffers);
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
  gpu::WaitOp::create(b, loc, Type(), ValueRange{token});
  deviceBuffers.clear();
}
