//===- storage-types.c - the microscale MLIR C API from C -----------------===//
//
// A C program on the installed MLIR C API: builds !microscale.tensor types
// from named schemes, prints the storage each lowers to, and runs the CPU
// pipeline over a one-op module. The CHECK lines are what
// test/Packaging/install-downstream.sh expects (FileCheck on this file).
//
//===----------------------------------------------------------------------===//

#include "microscale-c/Dialects.h"
#include "microscale-c/Passes.h"

#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

#include <stdio.h>

static void print(MlirStringRef text, void *userData) {
  fwrite(text.data, 1, text.length, (FILE *)userData);
}

static void printStorage(MlirContext ctx, const char *scheme, int64_t rows,
                         int64_t cols) {
  int64_t shape[] = {rows, cols};
  MlirType type = mlirMicroscaleTensorTypeGetChecked(
      mlirLocationUnknownGet(ctx), 2, shape,
      mlirMicroscaleSchemeAttrGetNamed(ctx,
                                       mlirStringRefCreateFromCString(scheme)),
      MlirMicroscaleScaleLayoutRowMajor);
  mlirTypePrint(type, print, stdout);
  printf(": ");
  mlirTypePrint(mlirMicroscaleTensorTypeGetDataType(type), print, stdout);
  printf(", ");
  mlirTypePrint(mlirMicroscaleTensorTypeGetScalesType(type), print, stdout);
  MlirType global = mlirMicroscaleTensorTypeGetGlobalType(type);
  if (!mlirTypeIsNull(global)) {
    printf(", ");
    mlirTypePrint(global, print, stdout);
  }
  printf("\n");
}

// clang-format off
// CHECK: !microscale.tensor<1024x4096, mxfp4>: tensor<1024x2048xi8>, tensor<1024x128xf8E8M0FNU>
// CHECK: !microscale.tensor<16x64, nvfp4>: tensor<16x32xi8>, tensor<16x4xf8E4M3FN>, f32
// CHECK: lowered: llvm.func
// clang-format on
int main(void) {
  MlirContext ctx = mlirContextCreate();
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  mlirMicroscaleRegisterDialects(registry);
  mlirContextAppendDialectRegistry(ctx, registry);
  mlirDialectRegistryDestroy(registry);

  printStorage(ctx, "mxfp4", 1024, 4096);
  printStorage(ctx, "nvfp4", 16, 64);

  MlirModule module = mlirModuleCreateParse(
      ctx, mlirStringRefCreateFromCString(
               "func.func @q(%x: tensor<16x64xf32>) -> "
               "!microscale.tensor<16x64, nvfp4> {\n"
               "  %q = microscale.quantize %x : tensor<16x64xf32> -> "
               "!microscale.tensor<16x64, nvfp4>\n"
               "  return %q : !microscale.tensor<16x64, nvfp4>\n}"));
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  int failed = mlirModuleIsNull(module) ||
               mlirLogicalResultIsFailure(mlirMicroscaleAddCPUPipeline(
                   mlirPassManagerGetAsOpPassManager(pm),
                   mlirStringRefCreateFromCString(""), print, stderr)) ||
               mlirLogicalResultIsFailure(
                   mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module)));
  if (!failed) {
    MlirOperation first = mlirBlockGetFirstOperation(mlirModuleGetBody(module));
    MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(first));
    printf("lowered: %.*s\n", (int)name.length, name.data);
    mlirModuleDestroy(module);
  }
  mlirPassManagerDestroy(pm);
  mlirContextDestroy(ctx);
  return failed;
}
