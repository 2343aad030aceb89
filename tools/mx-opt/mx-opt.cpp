//===- mx-opt.cpp - the microscale optimizer driver -----------------------===//
//
// An opt-style driver: the microscale dialect, passes and pipelines, plus
// only the upstream dialects and passes the microscale pipelines use (the
// list shared with the Python bindings, microscale/Registration), and in a
// build with tests the test suite's own passes (test/lib).
//
//===----------------------------------------------------------------------===//

#include "microscale/Registration/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#ifdef MICROSCALE_INCLUDE_TESTS
namespace mlir::microscale::test {
void registerTestCPUKernelSelection();
void registerTestGPUEmulation();
} // namespace mlir::microscale::test
#endif

int main(int argc, char **argv) {
  llvm::cl::AddExtraVersionPrinter([](llvm::raw_ostream &os) {
    os << "microscale version " MICROSCALE_VERSION "\n";
  });
  mlir::DialectRegistry registry;
  mlir::microscale::registerMicroscaleDialects(registry);
  mlir::microscale::registerMicroscalePasses();
#ifdef MICROSCALE_INCLUDE_TESTS
  mlir::microscale::test::registerTestCPUKernelSelection();
  mlir::microscale::test::registerTestGPUEmulation();
#endif
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "microscale optimizer driver\n", registry));
}
