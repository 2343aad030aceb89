//===- ModuleWrappers.cpp - mgpuModule*: load, unload, look up kernels ----===//

#include "CudaContext.h"
#include "CudaDriver.h"
#include "CudaError.h"

#include "microscale/Runtime/CudaRuntime.h"

#include <string>

using namespace microscale::runtime;

extern "C" void *mgpuModuleLoad(void *data, size_t size) {
  // A cubin or fatbin describes its own size; `size` only guards against an
  // empty image.
  if (!data || size == 0)
    fatalError("mgpuModuleLoad: empty GPU binary");
  useDefaultContext();
  CUmodule module = nullptr;
  MICROSCALE_CU(cuModuleLoadData, &module, data);
  return module;
}

extern "C" void *mgpuModuleLoadJIT(void *data, int32_t optLevel) {
  if (!data)
    fatalError("mgpuModuleLoadJIT: no PTX");
  if (optLevel < 0 || optLevel > 4)
    fatalError("mgpuModuleLoadJIT: optimization level " +
               std::to_string(optLevel) + " is outside 0..4");
  useDefaultContext();
  // The JIT's own log says which PTX line it rejected; keep it for the
  // failure message.
  char errorLog[8192] = {};
  CUjit_option options[] = {CU_JIT_OPTIMIZATION_LEVEL, CU_JIT_ERROR_LOG_BUFFER,
                            CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  void *values[] = {reinterpret_cast<void *>(static_cast<intptr_t>(optLevel)),
                    errorLog, reinterpret_cast<void *>(sizeof(errorLog) - 1)};
  CUmodule module = nullptr;
  CUresult result =
      requireFunction(driver().cuModuleLoadDataEx, "cuModuleLoadDataEx")(
          &module, data, sizeof(options) / sizeof(options[0]), options, values);
  if (result != CUDA_SUCCESS)
    fatalError(describeCudaFailure(result, "cuModuleLoadDataEx") +
               (errorLog[0] ? std::string("\nPTX JIT log:\n") + errorLog
                            : std::string()));
  return module;
}

extern "C" void mgpuModuleUnload(void *module) {
  useDefaultContext();
  MICROSCALE_CU(cuModuleUnload, static_cast<CUmodule>(module));
}

extern "C" void *mgpuModuleGetFunction(void *module, const char *name) {
  useDefaultContext();
  CUfunction function = nullptr;
  CUresult result =
      requireFunction(driver().cuModuleGetFunction, "cuModuleGetFunction")(
          &function, static_cast<CUmodule>(module), name);
  // Name the kernel: "not found" alone does not say which.
  if (result != CUDA_SUCCESS)
    fatalError(describeCudaFailure(result, "cuModuleGetFunction") +
               ", kernel \"" + (name ? name : "") + "\"");
  return function;
}
