//===- downstream-opt.cpp - a downstream driver with microscale -----------===//
//
// What mx-opt registers (microscale/Registration), plus this project's pass.
//
//===----------------------------------------------------------------------===//

#include "StorageBytesPass.h"

#include "microscale/Registration/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::microscale::registerMicroscaleDialects(registry);
  mlir::microscale::registerMicroscalePasses();
  downstream::registerStorageBytesPass();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "a downstream driver with microscale\n", registry));
}
