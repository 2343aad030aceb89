//===- StorageBytesPass.cpp - a downstream pass over microscale IR --------===//
//
// Uses microscale's C++ API (the tensor type's storage types) from outside
// the project, as a pass of another project would.
//
//===----------------------------------------------------------------------===//

#include "StorageBytesPass.h"

#include "microscale/Dialect/Microscale/IR/MicroscaleDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

namespace {

int64_t bytesOf(RankedTensorType type) {
  return type.getNumElements() * type.getElementTypeBitWidth() / 8;
}

struct StorageBytesPass
    : PassWrapper<StorageBytesPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(StorageBytesPass)

  StringRef getArgument() const override { return "downstream-storage-bytes"; }
  StringRef getDescription() const override {
    return "Annotate ops producing a static !microscale.tensor with its "
           "storage size in bytes";
  }

  void runOnOperation() override {
    Builder builder(&getContext());
    getOperation().walk([&](Operation *op) {
      if (op->getNumResults() != 1)
        return;
      auto type = dyn_cast<mlir::microscale::QuantizedTensorType>(
          op->getResult(0).getType());
      if (!type || !type.hasStaticShape())
        return;
      int64_t bytes =
          bytesOf(type.getDataType()) + bytesOf(type.getScalesType());
      if (type.getGlobalType())
        bytes += 4;
      op->setAttr("downstream.storage_bytes", builder.getI64IntegerAttr(bytes));
    });
  }
};

} // namespace

void downstream::registerStorageBytesPass() {
  PassRegistration<StorageBytesPass>();
}
