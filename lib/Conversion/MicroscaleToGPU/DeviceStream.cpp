//===- DeviceStream.cpp - the stream of device-resident functions ---------===//

#include "DeviceStream.h"

#include "microscale/Dialect/Microscale/IR/MicroscaleDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;
using namespace mlir::microscale;
using namespace mlir::microscale::nvvm;

LogicalResult nvvm::addStreamArguments(ModuleOp module) {
  WalkResult outside = module.walk([](Operation *op) {
    if (isa<MicroscaleDialect>(op->getDialect()) &&
        !op->getParentOfType<func::FuncOp>()) {
      op->emitOpError("with host-data=false must be inside a func.func, "
                      "whose last argument becomes the stream");
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (outside.wasInterrupted())
    return failure();

  auto pointer = LLVM::LLVMPointerType::get(module.getContext());
  SmallVector<func::FuncOp> definitions;
  module.walk([&](func::FuncOp f) {
    if (!f.isExternal())
      definitions.push_back(f);
  });
  for (func::FuncOp f : definitions) {
    unsigned index = f.getNumArguments();
    if (failed(f.insertArgument(
            index, pointer,
            DictionaryAttr::get(
                f.getContext(),
                {NamedAttribute(kStreamAttr, UnitAttr::get(f.getContext()))}),
            f.getLoc())))
      return failure();
  }
  // Calls of those functions pass the caller's stream on.
  WalkResult bad = module.walk([&](func::CallOp call) {
    auto callee = module.lookupSymbol<func::FuncOp>(call.getCallee());
    if (!callee || callee.isExternal())
      return WalkResult::advance();
    Value stream = getStreamArgument(call);
    if (!stream) {
      call.emitOpError("with host-data=false calls a function that takes a "
                       "stream from outside a function definition");
      return WalkResult::interrupt();
    }
    call->insertOperands(call->getNumOperands(), stream);
    return WalkResult::advance();
  });
  return failure(bad.wasInterrupted());
}

Value nvvm::getStreamArgument(Operation *op) {
  auto f = dyn_cast<func::FuncOp>(op);
  if (!f)
    f = op->getParentOfType<func::FuncOp>();
  if (!f || f.isExternal() || f.getNumArguments() == 0)
    return Value();
  unsigned last = f.getNumArguments() - 1;
  if (!f.getArgAttr(last, kStreamAttr))
    return Value();
  return f.getArgument(last);
}

Value nvvm::streamToken(OpBuilder &b, Location loc, Value stream) {
  return UnrealizedConversionCastOp::create(
             b, loc, TypeRange{b.getType<gpu::AsyncTokenType>()},
             ValueRange{stream})
      .getResult(0);
}
