//===- TestGPUKernelSelection.cpp - report the GPU kernel choices ---------===//
//
// `test-microscale-gpu-kernel-selection{chip inexact-tensor-cores}` emits one
// remark per microscale.matmul naming the kernel convert-microscale-to-gpu
// would run it with on that chip, so that tests check the selection on its
// own rather than through generated kernels.
//
//===----------------------------------------------------------------------===//

#include "microscale/Conversion/MicroscaleToGPU/KernelSelection.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;
using namespace mlir::microscale;

namespace {

struct TestGPUKernelSelectionPass
    : public PassWrapper<TestGPUKernelSelectionPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TestGPUKernelSelectionPass)

  TestGPUKernelSelectionPass() = default;
  TestGPUKernelSelectionPass(const TestGPUKernelSelectionPass &pass)
      : PassWrapper(pass) {}

  StringRef getArgument() const final {
    return "test-microscale-gpu-kernel-selection";
  }
  StringRef getDescription() const final {
    return "Remark, per microscale.matmul, the GPU kernel "
           "convert-microscale-to-gpu selects";
  }

  Option<std::string> chip{*this, "chip",
                           llvm::cl::desc("As convert-microscale-to-gpu's"),
                           llvm::cl::init("sm_80")};
  Option<bool> inexactTensorCores{
      *this, "inexact-tensor-cores",
      llvm::cl::desc("As convert-microscale-to-gpu's"), llvm::cl::init(true)};

  void runOnOperation() override {
    FailureOr<GPUTarget> target =
        GPUTarget::get(chip, [&] { return getOperation().emitError(); });
    if (failed(target))
      return signalPassFailure();
    GPULoweringOptions options;
    options.inexactTensorCores = inexactTensorCores;
    getOperation().walk([&](MatmulOp op) {
      op.emitRemark() << "kernel "
                      << stringifyMatmulStrategy(
                             selectMatmulKernel(op, *target, options));
    });
  }
};

} // namespace

namespace mlir::microscale::test {
void registerTestGPUKernelSelection() {
  PassRegistration<TestGPUKernelSelectionPass>();
}
} // namespace mlir::microscale::test
