//===- build-linear.cpp - microscale's builders and CPU pipeline ----------===//
//
// Builds a quantized linear layer with the C++ builders (activations to
// MXFP8, weights to MXFP4, one block-scaled matmul), lowers it with
// buildCPUPipeline and prints both. The CHECK lines are what
// test/Packaging/install-downstream.sh expects (FileCheck on this file).
//
//===----------------------------------------------------------------------===//

#include "microscale/Dialect/Microscale/IR/MicroscaleDialect.h"
#include "microscale/Dialect/Microscale/IR/MicroscaleOps.h"
#include "microscale/Pipelines/Pipelines.h"
#include "microscale/Registration/Registration.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
// ::microscale holds the numerics core; the dialect is mlir::microscale.
namespace ms = mlir::microscale;

// clang-format off
// CHECK-LABEL: func.func @linear(%arg0: tensor<8x256xf32>, %arg1: tensor<64x256xf32>) -> tensor<8x64xf32>
// CHECK: microscale.quantize %arg0 : tensor<8x256xf32> -> !microscale.tensor<8x256, mxfp8_e4m3>
// CHECK: microscale.quantize %arg1 : tensor<64x256xf32> -> !microscale.tensor<64x256, mxfp4>
// CHECK: microscale.matmul {{.*}} -> tensor<8x64xf32>
// clang-format on
static ModuleOp buildLinear(MLIRContext &context, int64_t m, int64_t n,
                            int64_t k) {
  OpBuilder b(&context);
  Location loc = b.getUnknownLoc();
  ModuleOp module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module.getBody());

  Type f32 = b.getF32Type();
  auto x = RankedTensorType::get({m, k}, f32);
  auto w = RankedTensorType::get({n, k}, f32);
  auto y = RankedTensorType::get({m, n}, f32);
  auto linear =
      func::FuncOp::create(b, loc, "linear", b.getFunctionType({x, w}, {y}));
  // _mlir_ciface_linear: a C entry point taking memref descriptors.
  linear->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  Block *body = linear.addEntryBlock();
  b.setInsertionPointToStart(body);

  auto mxfp8 = ms::SchemeAttr::getNamed(&context, "mxfp8_e4m3");
  auto mxfp4 = ms::SchemeAttr::getNamed(&context, "mxfp4");
  auto qx = ms::QuantizeOp::create(
      b, loc, ms::QuantizedTensorType::get({m, k}, mxfp8), body->getArgument(0),
      /*global=*/Value(), /*scale_rounding=*/nullptr);
  auto qw = ms::QuantizeOp::create(
      b, loc, ms::QuantizedTensorType::get({n, k}, mxfp4), body->getArgument(1),
      /*global=*/Value(), /*scale_rounding=*/nullptr);
  auto product = ms::MatmulOp::create(b, loc, y, qx, qw,
                                      /*acc=*/Value());
  func::ReturnOp::create(b, loc, product.getResult());
  return module;
}

// CHECK-LABEL: lowered by microscale-cpu-pipeline:
// CHECK: llvm.func @linear(
// CHECK: llvm.func @_mlir_ciface_linear(
// CHECK-NOT: microscale.
int main() {
  DialectRegistry registry;
  ms::registerMicroscaleDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();

  OwningOpRef<ModuleOp> module = buildLinear(context, 8, 64, 256);
  if (failed(verify(*module))) {
    llvm::errs() << "the built module does not verify\n";
    return 1;
  }
  module->print(llvm::outs());

  PassManager pm(&context);
  ms::buildCPUPipeline(pm, ms::CPUPipelineOptions());
  if (failed(pm.run(*module))) {
    llvm::errs() << "microscale-cpu-pipeline failed\n";
    return 1;
  }
  llvm::outs() << "\nlowered by microscale-cpu-pipeline:\n";
  module->print(llvm::outs());
  return 0;
}
