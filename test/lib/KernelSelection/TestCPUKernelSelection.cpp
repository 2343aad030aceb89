//===- TestCPUKernelSelection.cpp - report the CPU kernel choices ---------===//
//
// `test-microscale-cpu-kernel-selection{vector-bits features}` emits one
// remark per microscale op saying what convert-microscale-to-cpu would
// lower it with on that target, so that tests check the selection on its
// own (with -verify-diagnostics) rather than through generated loops.
//
//===----------------------------------------------------------------------===//

#include "microscale/Conversion/MicroscaleToCPU/KernelSelection.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;
using namespace mlir::microscale;

namespace {

struct TestCPUKernelSelectionPass
    : public PassWrapper<TestCPUKernelSelectionPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TestCPUKernelSelectionPass)

  TestCPUKernelSelectionPass() = default;
  TestCPUKernelSelectionPass(const TestCPUKernelSelectionPass &pass)
      : PassWrapper(pass) {}

  StringRef getArgument() const final {
    return "test-microscale-cpu-kernel-selection";
  }
  StringRef getDescription() const final {
    return "Remark, per microscale op, the CPU kernel and decode strategy "
           "convert-microscale-to-cpu selects";
  }

  Option<std::string> cpu{*this, "cpu",
                          llvm::cl::desc("As convert-microscale-to-cpu's"),
                          llvm::cl::init("host")};
  Option<unsigned> vectorBits{*this, "vector-bits",
                              llvm::cl::desc("As convert-microscale-to-cpu's"),
                              llvm::cl::init(0)};
  Option<std::string> features{*this, "features",
                               llvm::cl::desc("As convert-microscale-to-cpu's"),
                               llvm::cl::init("host")};

  void runOnOperation() override {
    std::string error;
    FailureOr<CPUTarget> target =
        CPUTarget::get(cpu, vectorBits, features, error);
    if (failed(target)) {
      getOperation().emitError(error);
      return signalPassFailure();
    }
    getOperation().walk([&](Operation *op) {
      if (auto matmul = dyn_cast<MatmulOp>(op)) {
        cpu::MatmulChoice choice = cpu::selectMatmulKernel(matmul, *target);
        InFlightDiagnostic remark =
            op->emitRemark()
            << "kernel " << cpu::stringifyMatmulKernel(choice.kernel);
        if (isa<QuantizedTensorType>(matmul.getRhs().getType()) &&
            choice.kernel != cpu::MatmulKernel::Int8Dot)
          remark << ", weights "
                 << cpu::stringifyBlockDecode(choice.weightDecode);
        remark << ", K in "
               << (choice.kernel == cpu::MatmulKernel::LaneGemv ? "lane"
                   : choice.lookupOrder                           ? "lookup"
                                                                  : "element")
               << " order";
        if (choice.bf16Dot)
          remark << ", bf16 dot products";
        return;
      }
      if (isa<DequantizeOp, RequantizeOp>(op)) {
        auto type = cast<QuantizedTensorType>(op->getOperand(0).getType());
        op->emitRemark() << "decode "
                         << cpu::stringifyBlockDecode(
                                cpu::selectBlockDecode(type, *target));
      }
    });
  }
};

} // namespace

namespace mlir::microscale::test {
void registerTestCPUKernelSelection() {
  PassRegistration<TestCPUKernelSelectionPass>();
}
} // namespace mlir::microscale::test
