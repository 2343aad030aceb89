//===- mx-opt.cpp - the microscale optimizer driver -----------------------===//
//
// An opt-style driver: the microscale dialect, passes and pipelines, plus
// only the upstream dialects and passes the microscale pipelines use (the
// list shared with the Python bindings, microscale/Registration).
//
//===----------------------------------------------------------------------===//

#include "microscale/Registration/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  llvm::cl::AddExtraVersionPrinter([](llvm::raw_ostream &os) {
    os << "microscale version " MICROSCALE_VERSION "\n";
  });
  mlir::DialectRegistry registry;
  mlir::microscale::registerMicroscaleDialects(registry);
  mlir::microscale::registerMicroscalePasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "microscale optimizer driver\n", registry));
}
