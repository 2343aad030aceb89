//===- MemoryWrappers.cpp - mgpuMem*: allocation, copies, host pinning ----===//

#include "CudaContext.h"
#include "CudaDriver.h"
#include "CudaError.h"
#include "MemRefDescriptor.h"

#include "microscale/Runtime/CudaRuntime.h"

#include <string>

using namespace microscale::runtime;

namespace {
CUdeviceptr devicePointer(void *ptr) {
  return reinterpret_cast<CUdeviceptr>(ptr);
}
CUstream asStream(void *stream) { return static_cast<CUstream>(stream); }
} // namespace

extern "C" void *mgpuMemAlloc(uint64_t sizeBytes, void * /*stream*/,
                              bool isHostShared) {
  // cuMemAlloc refuses zero bytes; a zero-sized memref needs no storage.
  if (sizeBytes == 0)
    return nullptr;
  useDefaultContext();
  CUdeviceptr ptr = 0;
  // The driver's allocations are not stream-ordered: the memory is ready for
  // any stream once the call returns.
  if (isHostShared)
    MICROSCALE_CU(cuMemAllocManaged, &ptr, sizeBytes, CU_MEM_ATTACH_GLOBAL);
  else
    MICROSCALE_CU(cuMemAlloc, &ptr, sizeBytes);
  return reinterpret_cast<void *>(ptr);
}

extern "C" void mgpuMemFree(void *ptr, void *stream) {
  if (!ptr)
    return;
  useDefaultContext();
  // Work queued on `stream` may still use the memory.
  if (stream)
    MICROSCALE_CU(cuStreamSynchronize, asStream(stream));
  MICROSCALE_CU(cuMemFree, devicePointer(ptr));
}

extern "C" void mgpuMemcpy(void *dst, void *src, size_t sizeBytes,
                           void *stream) {
  if (sizeBytes == 0)
    return;
  useDefaultContext();
  MICROSCALE_CU(cuMemcpyAsync, devicePointer(dst), devicePointer(src),
                sizeBytes, asStream(stream));
}

extern "C" void mgpuMemset16(void *dst, uint16_t value, size_t count,
                             void *stream) {
  if (count == 0)
    return;
  useDefaultContext();
  MICROSCALE_CU(cuMemsetD16Async, devicePointer(dst), value, count,
                asStream(stream));
}

extern "C" void mgpuMemset32(void *dst, uint32_t value, size_t count,
                             void *stream) {
  if (count == 0)
    return;
  useDefaultContext();
  MICROSCALE_CU(cuMemsetD32Async, devicePointer(dst), value, count,
                asStream(stream));
}

extern "C" void mgpuMemHostRegister(void *ptr, uint64_t sizeBytes) {
  if (sizeBytes == 0)
    return;
  useDefaultContext();
  MICROSCALE_CU(cuMemHostRegister, ptr, sizeBytes, /*Flags=*/0);
}

extern "C" void mgpuMemHostUnregister(void *ptr) {
  if (!ptr)
    return;
  useDefaultContext();
  MICROSCALE_CU(cuMemHostUnregister, ptr);
}

namespace {
MemRefDescriptorView readHostMemRef(const char *call, int64_t rank,
                                    void *descriptor,
                                    int64_t elementSizeBytes) {
  if (rank < 0 || !descriptor || elementSizeBytes < 1)
    fatalError(std::string(call) + ": invalid memref (rank " +
               std::to_string(rank) + ", element size " +
               std::to_string(elementSizeBytes) + ")");
  MemRefDescriptorView view(rank, descriptor);
  // One registration covers one contiguous range.
  if (!view.isDense())
    fatalError(std::string(call) +
               ": the memref is not dense (row-major, no gaps); only dense "
               "memrefs can be registered");
  return view;
}
} // namespace

extern "C" void mgpuMemHostRegisterMemRef(int64_t rank, void *descriptor,
                                          int64_t elementSizeBytes) {
  MemRefDescriptorView view = readHostMemRef("mgpuMemHostRegisterMemRef", rank,
                                             descriptor, elementSizeBytes);
  mgpuMemHostRegister(view.firstElement(elementSizeBytes),
                      view.numElements() * elementSizeBytes);
}

extern "C" void mgpuMemHostUnregisterMemRef(int64_t rank, void *descriptor,
                                            int64_t elementSizeBytes) {
  MemRefDescriptorView view = readHostMemRef(
      "mgpuMemHostUnregisterMemRef", rank, descriptor, elementSizeBytes);
  if (view.numElements() == 0)
    return;
  mgpuMemHostUnregister(view.firstElement(elementSizeBytes));
}
