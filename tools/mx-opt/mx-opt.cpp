//===- mx-opt.cpp - the microscale optimizer driver -----------------------===//
//
// An opt-style driver: the microscale dialect and passes, plus only the
// upstream dialects and passes the microscale pipelines use.
//
//===----------------------------------------------------------------------===//

#include "microscale/Dialect/Microscale/IR/MicroscaleDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<mlir::microscale::MicroscaleDialect, mlir::arith::ArithDialect,
                  mlir::func::FuncDialect, mlir::tensor::TensorDialect>();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "microscale optimizer driver\n", registry));
}
