//===- microscale.c - test of the microscale MLIR C API -------------------===//
//
// A C program over microscale-c/Dialects.h and microscale-c/Passes.h: the
// dialect handle, the scheme attribute and tensor type (constructors,
// queries, diagnostics for bad parameters) and the passes and pipelines.
//
//===----------------------------------------------------------------------===//

// RUN: microscale-capi-test 2>&1 | FileCheck %s

#include "microscale-c/Dialects.h"
#include "microscale-c/Passes.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static MlirStringRef str(const char *s) {
  return mlirStringRefCreateFromCString(s);
}

static void printToStderr(MlirStringRef text, void *userData) {
  (void)userData;
  fwrite(text.data, 1, text.length, stderr);
}

static void printAttr(const char *what, MlirAttribute attr) {
  fprintf(stderr, "%s: ", what);
  if (mlirAttributeIsNull(attr))
    fprintf(stderr, "null");
  else
    mlirAttributePrint(attr, printToStderr, NULL);
  fprintf(stderr, "\n");
}

static void printType(const char *what, MlirType type) {
  fprintf(stderr, "%s: ", what);
  if (mlirTypeIsNull(type))
    fprintf(stderr, "null");
  else
    mlirTypePrint(type, printToStderr, NULL);
  fprintf(stderr, "\n");
}

static MlirLogicalResult printDiagnostic(MlirDiagnostic diagnostic,
                                         void *userData) {
  (void)userData;
  fprintf(stderr, "diagnostic: ");
  mlirDiagnosticPrint(diagnostic, printToStderr, NULL);
  fprintf(stderr, "\n");
  return mlirLogicalResultSuccess();
}

static MlirType parseType(MlirContext ctx, const char *text) {
  return mlirTypeParseGet(ctx, str(text));
}

// CHECK-LABEL: testDialectHandle
static void testDialectHandle(MlirContext ctx) {
  fprintf(stderr, "testDialectHandle\n");
  MlirDialectHandle handle = mlirGetDialectHandle__microscale__();
  MlirStringRef ns = mlirDialectHandleGetNamespace(handle);
  // CHECK: namespace: microscale
  fprintf(stderr, "namespace: %.*s\n", (int)ns.length, ns.data);
  MlirDialect dialect = mlirDialectHandleLoadDialect(handle, ctx);
  // CHECK: loaded: 1
  fprintf(stderr, "loaded: %d\n", !mlirDialectIsNull(dialect));
}

// CHECK-LABEL: testScheme
static void testScheme(MlirContext ctx) {
  fprintf(stderr, "testScheme\n");
  MlirLocation loc = mlirLocationUnknownGet(ctx);
  MlirType e2m1 = parseType(ctx, "f4E2M1FN");
  MlirType e8m0 = parseType(ctx, "f8E8M0FNU");
  MlirType e4m3 = parseType(ctx, "f8E4M3FN");

  MlirAttribute mxfp4 = mlirMicroscaleSchemeAttrGetNamed(ctx, str("mxfp4"));
  // CHECK: mxfp4: #microscale.scheme<mxfp4>
  printAttr("mxfp4", mxfp4);
  // CHECK: isa scheme: 1, block 32, global 0
  fprintf(stderr, "isa scheme: %d, block %" PRId64 ", global %d\n",
          mlirAttributeIsAMicroscaleScheme(mxfp4),
          mlirMicroscaleSchemeAttrGetBlockSize(mxfp4),
          mlirMicroscaleSchemeAttrHasGlobal(mxfp4));
  // CHECK: element: f4E2M1FN
  printType("element", mlirMicroscaleSchemeAttrGetElementType(mxfp4));
  // CHECK: scale: f8E8M0FNU
  printType("scale", mlirMicroscaleSchemeAttrGetScaleType(mxfp4));
  // CHECK: type id matches: 1
  fprintf(stderr, "type id matches: %d\n",
          mlirTypeIDEqual(mlirAttributeGetTypeID(mxfp4),
                          mlirMicroscaleSchemeAttrGetTypeID()));

  // A scheme built from the parameters of a named one is that one.
  MlirAttribute nvfp4 =
      mlirMicroscaleSchemeAttrGetChecked(loc, e2m1, 16, e4m3, true);
  // CHECK: nvfp4 from parameters: #microscale.scheme<nvfp4>
  printAttr("nvfp4 from parameters", nvfp4);
  MlirStringRef name = mlirMicroscaleSchemeAttrGetSchemeName(nvfp4);
  // CHECK: name: nvfp4, same as named: 1
  fprintf(stderr, "name: %.*s, same as named: %d\n", (int)name.length,
          name.data,
          mlirAttributeEqual(nvfp4, mlirMicroscaleSchemeAttrGetNamed(
                                        ctx, str("nvfp4"))));

  MlirAttribute custom =
      mlirMicroscaleSchemeAttrGetChecked(loc, e2m1, 64, e8m0, false);
  // CHECK: custom: #microscale.scheme<f4E2M1FN, block = 64, scale = f8E8M0FNU>
  printAttr("custom", custom);
  // CHECK: custom name length: 0
  fprintf(stderr, "custom name length: %zu\n",
          mlirMicroscaleSchemeAttrGetSchemeName(custom).length);

  // CHECK: unknown name: null
  printAttr("unknown name",
            mlirMicroscaleSchemeAttrGetNamed(ctx, str("mxfp3")));
  // CHECK: not a scheme: 0
  fprintf(stderr, "not a scheme: %d\n",
          mlirAttributeIsAMicroscaleScheme(mlirUnitAttrGet(ctx)));

  // CHECK: diagnostic: element type 'f32' is not a microscaling element format
  // CHECK: f32 elements: null
  printAttr("f32 elements",
            mlirMicroscaleSchemeAttrGetChecked(loc, mlirF32TypeGet(ctx), 32,
                                               e8m0, false));
  // CHECK: diagnostic: {{.*}}power of two
  // CHECK: block 48: null
  printAttr("block 48",
            mlirMicroscaleSchemeAttrGetChecked(loc, e2m1, 48, e8m0, false));
  // CHECK: diagnostic: a global scale goes with f8E4M3FN block scales
  // CHECK: global with e8m0: null
  printAttr("global with e8m0",
            mlirMicroscaleSchemeAttrGetChecked(loc, e2m1, 32, e8m0, true));
  // CHECK: diagnostic: a #microscale.scheme needs an element type and a scale type
  // CHECK: null element: null
  printAttr("null element", mlirMicroscaleSchemeAttrGetChecked(
                                loc, (MlirType){NULL}, 32, e8m0, false));
}

// CHECK-LABEL: testTensorType
static void testTensorType(MlirContext ctx) {
  fprintf(stderr, "testTensorType\n");
  MlirLocation loc = mlirLocationUnknownGet(ctx);
  MlirAttribute mxfp4 = mlirMicroscaleSchemeAttrGetNamed(ctx, str("mxfp4"));
  MlirAttribute nvfp4 = mlirMicroscaleSchemeAttrGetNamed(ctx, str("nvfp4"));

  int64_t weights[] = {mlirShapedTypeGetDynamicSize(), 4096};
  MlirType w = mlirMicroscaleTensorTypeGetChecked(
      loc, 2, weights, mxfp4, MlirMicroscaleScaleLayoutRowMajor);
  // CHECK: weights: !microscale.tensor<?x4096, mxfp4>
  printType("weights", w);
  // CHECK: isa tensor: 1, rank 2, dynamic rows 1, cols 4096, layout 0
  fprintf(stderr,
          "isa tensor: %d, rank %ld, dynamic rows %d, cols %" PRId64
          ", layout %d\n",
          mlirTypeIsAMicroscaleTensor(w),
          (long)mlirMicroscaleTensorTypeGetRank(w),
          mlirShapedTypeIsDynamicSize(mlirMicroscaleTensorTypeGetDimSize(w, 0)),
          mlirMicroscaleTensorTypeGetDimSize(w, 1),
          (int)mlirMicroscaleTensorTypeGetLayout(w));
  // CHECK: scheme of weights: #microscale.scheme<mxfp4>
  printAttr("scheme of weights", mlirMicroscaleTensorTypeGetScheme(w));
  // CHECK: data: tensor<?x2048xi8>
  printType("data", mlirMicroscaleTensorTypeGetDataType(w));
  // CHECK: scales: tensor<?x128xf8E8M0FNU>
  printType("scales", mlirMicroscaleTensorTypeGetScalesType(w));
  // CHECK: global: null
  printType("global", mlirMicroscaleTensorTypeGetGlobalType(w));
  // CHECK: type id matches: 1
  fprintf(stderr, "type id matches: %d\n",
          mlirTypeIDEqual(mlirTypeGetTypeID(w),
                          mlirMicroscaleTensorTypeGetTypeID()));

  int64_t tile[] = {128, 64};
  MlirType s = mlirMicroscaleTensorTypeGetChecked(
      loc, 2, tile, nvfp4, MlirMicroscaleScaleLayoutSwizzled);
  // CHECK: swizzled: !microscale.tensor<128x64, nvfp4, layout = swizzled>
  printType("swizzled", s);
  // CHECK: swizzled scales: tensor<128x4xf8E4M3FN>
  printType("swizzled scales", mlirMicroscaleTensorTypeGetScalesType(s));
  // CHECK: swizzled global: f32
  printType("swizzled global", mlirMicroscaleTensorTypeGetGlobalType(s));
  // CHECK: parsed equals built: 1
  fprintf(stderr, "parsed equals built: %d\n",
          mlirTypeEqual(s, parseType(ctx, "!microscale.tensor<128x64, nvfp4, "
                                          "layout = swizzled>")));
  // CHECK: not a microscale tensor: 0
  fprintf(stderr, "not a microscale tensor: %d\n",
          mlirTypeIsAMicroscaleTensor(parseType(ctx, "tensor<4xf32>")));

  int64_t ragged[] = {4, 48};
  // CHECK: diagnostic: {{.*}}multiple of the block size
  // CHECK: K = 48: null
  printType("K = 48", mlirMicroscaleTensorTypeGetChecked(
                          loc, 2, ragged, mxfp4,
                          MlirMicroscaleScaleLayoutRowMajor));
  int64_t cube[] = {2, 128, 64};
  // CHECK: diagnostic: {{.*}}swizzled{{.*}}rank-2
  // CHECK: swizzled rank 3: null
  printType("swizzled rank 3", mlirMicroscaleTensorTypeGetChecked(
                                   loc, 3, cube, nvfp4,
                                   MlirMicroscaleScaleLayoutSwizzled));
  // CHECK: diagnostic: unknown scale layout 7; expected row_major (0) or swizzled (1)
  // CHECK: layout 7: null
  printType("layout 7",
            mlirMicroscaleTensorTypeGetChecked(loc, 2, tile, nvfp4,
                                               (MlirMicroscaleScaleLayout)7));
  // CHECK: diagnostic: a !microscale.tensor needs a #microscale.scheme attribute, got unit
  // CHECK: unit scheme: null
  printType("unit scheme", mlirMicroscaleTensorTypeGetChecked(
                               loc, 2, tile, mlirUnitAttrGet(ctx),
                               MlirMicroscaleScaleLayoutRowMajor));
}

static const char *kQuantize =
    "func.func @quantize(%x: tensor<4x64xf32>) -> "
    "!microscale.tensor<4x64, mxfp4> {\n"
    "  %q = microscale.quantize %x : tensor<4x64xf32> -> "
    "!microscale.tensor<4x64, mxfp4>\n"
    "  return %q : !microscale.tensor<4x64, mxfp4>\n"
    "}\n";

static MlirOperation firstOp(MlirModule module) {
  return mlirBlockGetFirstOperation(mlirModuleGetBody(module));
}

static MlirWalkResult countForeignOps(MlirOperation op, void *userData) {
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  MlirStringRef dialect = {name.data, 0};
  while (dialect.length < name.length && name.data[dialect.length] != '.')
    ++dialect.length;
  if (!mlirStringRefEqual(dialect, str("llvm")) &&
      !mlirStringRefEqual(dialect, str("omp")) &&
      !mlirStringRefEqual(name, str("builtin.module")))
    ++*(int *)userData;
  return MlirWalkResultAdvance;
}

// CHECK-LABEL: testPasses
static void testPasses(MlirContext ctx) {
  fprintf(stderr, "testPasses\n");
  MlirModule module = mlirModuleCreateParse(ctx, str(kQuantize));
  if (mlirModuleIsNull(module)) {
    fprintf(stderr, "could not parse the module\n");
    exit(1);
  }

  // A generated pass constructor, on a pass manager of our own.
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  mlirPassManagerAddOwnedPass(
      pm, mlirCreateMicroscaleTransformsMicroscaleExposeStorage());
  MlirLogicalResult result =
      mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module));
  // CHECK: expose-storage: 1
  fprintf(stderr, "expose-storage: %d\n", mlirLogicalResultIsSuccess(result));
  // CHECK: signature: (tensor<4x64xf32>) -> (tensor<4x32xi8>, tensor<4x2xf8E8M0FNU>)
  printAttr("signature", mlirOperationGetAttributeByName(firstOp(module),
                                                         str("function_type")));
  mlirPassManagerDestroy(pm);

  // The CPU pipeline with options, then nothing but what mlir-translate
  // takes to LLVM IR: the LLVM dialect, and OpenMP for the parallel loops.
  pm = mlirPassManagerCreate(ctx);
  MlirOpPassManager opm = mlirPassManagerGetAsOpPassManager(pm);
  result = mlirMicroscaleAddCPUPipeline(
      opm, str("vector-bits=256 features=none"), printToStderr, NULL);
  // CHECK: add cpu pipeline: 1
  fprintf(stderr, "add cpu pipeline: %d\n", mlirLogicalResultIsSuccess(result));
  result = mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module));
  // CHECK: run cpu pipeline: 1
  fprintf(stderr, "run cpu pipeline: %d\n", mlirLogicalResultIsSuccess(result));
  int foreign = 0;
  mlirOperationWalk(mlirModuleGetOperation(module), countForeignOps, &foreign,
                    MlirWalkPreOrder);
  // CHECK: ops outside the llvm and omp dialects: 0
  fprintf(stderr, "ops outside the llvm and omp dialects: %d\n", foreign);
  // CHECK: first op: llvm.func
  MlirStringRef first = mlirIdentifierStr(mlirOperationGetName(firstOp(module)));
  fprintf(stderr, "first op: %.*s\n", (int)first.length, first.data);
  mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);

  // Bad options and a pass manager on the wrong operation are reported.
  pm = mlirPassManagerCreate(ctx);
  opm = mlirPassManagerGetAsOpPassManager(pm);
  // CHECK: for the --vector-bits option: 'wide' value invalid for uint argument!
  // CHECK-NEXT: bad option: 0
  result = mlirMicroscaleAddCPUPipeline(opm, str("vector-bits=wide"),
                                        printToStderr, NULL);
  fprintf(stderr, "bad option: %d\n", mlirLogicalResultIsSuccess(result));
  // CHECK: for the --format option: Cannot find option named 'elf'!
  // CHECK-NEXT: bad gpu format: 0
  result = mlirMicroscaleAddGPUPipeline(opm, str("chip=sm_90a format=elf"),
                                        printToStderr, NULL);
  fprintf(stderr, "bad gpu format: %d\n", mlirLogicalResultIsSuccess(result));
  // CHECK: add gpu pipeline: 1
  result = mlirMicroscaleAddGPUPipeline(opm, str("chip=sm_90a format=isa"),
                                        printToStderr, NULL);
  fprintf(stderr, "add gpu pipeline: %d\n", mlirLogicalResultIsSuccess(result));
  MlirOpPassManager onFunc =
      mlirPassManagerGetNestedUnder(pm, str("func.func"));
  // CHECK: microscale-cpu-pipeline runs on builtin.module, not on a pass manager for 'func.func'
  // CHECK-NEXT: on func.func: 0
  result = mlirMicroscaleAddCPUPipeline(onFunc, str(""), printToStderr, NULL);
  fprintf(stderr, "\non func.func: %d\n", mlirLogicalResultIsSuccess(result));
  mlirPassManagerDestroy(pm);

  // Registered for textual pipelines.
  mlirMicroscaleRegisterPasses();
  mlirMicroscaleRegisterPasses();
  pm = mlirPassManagerCreate(ctx);
  result = mlirParsePassPipeline(
      mlirPassManagerGetAsOpPassManager(pm),
      str("builtin.module(microscale-expose-storage,canonicalize,"
          "microscale-cpu-pipeline{vector-bits=256 features=none})"),
      printToStderr, NULL);
  // CHECK: textual pipeline: 1
  fprintf(stderr, "textual pipeline: %d\n", mlirLogicalResultIsSuccess(result));
  mlirPassManagerDestroy(pm);
}

int main(void) {
  MlirContext ctx = mlirContextCreate();
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  mlirMicroscaleRegisterDialects(registry);
  mlirContextAppendDialectRegistry(ctx, registry);
  mlirDialectRegistryDestroy(registry);
  mlirContextAttachDiagnosticHandler(ctx, printDiagnostic, NULL, NULL);

  testDialectHandle(ctx);
  testScheme(ctx);
  testTensorType(ctx);
  testPasses(ctx);

  mlirContextDestroy(ctx);
  // CHECK: done
  fprintf(stderr, "done\n");
  return 0;
}
