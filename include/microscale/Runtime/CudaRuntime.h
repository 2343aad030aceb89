//===- CudaRuntime.h - the mgpu* C ABI over the CUDA driver -----*- C++ -*-===//
//
// The functions that host code lowered by MLIR 22's `gpu-to-llvm` (and the
// LLVM IR translation of `gpu.binary` / `gpu.launch_func`, and
// `convert-nvgpu-to-nvvm` for TMA descriptors) calls. Upstream implements them
// in libmlir_cuda_runtime.so, which Debian's MLIR does not ship; this library,
// libmicroscale_cuda_runtime.so, implements the same C ABI over the CUDA
// driver API so that `mlir-runner -shared-libs=...` can run GPU programs.
//
// Handles are opaque pointers (`!llvm.ptr` in the IR): a module is a CUmodule,
// a function a CUfunction, a stream a CUstream, an event a CUevent, device
// memory a CUdeviceptr. Sizes and grid/block extents are 64-bit like MLIR's
// index type. A null stream is the legacy default stream.
//
// There is no error return in this ABI. Any failure prints
//   microscale-cuda-runtime: <call> failed: <CUDA_ERROR_NAME> (<description>)
// on stderr and ends the process with a non-zero exit status (see
// lib/Runtime/CudaError.cpp for why).
//
// The cuSPARSE / cuSPARSELt entry points of upstream's wrappers (emitted only
// for the gpu dialect's sparse ops) are not implemented.
//
//===----------------------------------------------------------------------===//

#ifndef MICROSCALE_RUNTIME_CUDARUNTIME_H
#define MICROSCALE_RUNTIME_CUDARUNTIME_H

#include <cstddef>
#include <cstdint>

#define MICROSCALE_CUDA_RUNTIME_EXPORT __attribute__((visibility("default")))

extern "C" {

//===-- Modules (emitted by the LLVM IR translation of gpu.binary) --------===//

/// Loads a cubin or fatbin image of `size` bytes (`gpu-module-to-binary
/// format=bin|fatbin`).
MICROSCALE_CUDA_RUNTIME_EXPORT void *mgpuModuleLoad(void *data, size_t size);
/// Loads NUL-terminated PTX, JIT-compiled by the driver at `optLevel`
/// (`format=isa`).
MICROSCALE_CUDA_RUNTIME_EXPORT void *mgpuModuleLoadJIT(void *data,
                                                       int32_t optLevel);
MICROSCALE_CUDA_RUNTIME_EXPORT void mgpuModuleUnload(void *module);
MICROSCALE_CUDA_RUNTIME_EXPORT void *mgpuModuleGetFunction(void *module,
                                                           const char *name);

//===-- Launches (emitted by the LLVM IR translation of gpu.launch_func) --===//

/// `params` holds one pointer per kernel argument; `paramsCount` is their
/// number. `smem` is the dynamic shared memory in bytes.
MICROSCALE_CUDA_RUNTIME_EXPORT void
mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY, intptr_t gridZ,
                 intptr_t blockX, intptr_t blockY, intptr_t blockZ,
                 int32_t smem, void *stream, void **params, void **extra,
                 size_t paramsCount);
/// A launch with thread-block clusters (`gpu.launch_func ... clusters in`):
/// the grid extents count blocks, and each must be a multiple of the
/// cluster extent.
MICROSCALE_CUDA_RUNTIME_EXPORT void
mgpuLaunchClusterKernel(void *function, intptr_t clusterX, intptr_t clusterY,
                        intptr_t clusterZ, intptr_t gridX, intptr_t gridY,
                        intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                        intptr_t blockZ, int32_t smem, void *stream,
                        void **params, void **extra);

//===-- Streams and events (gpu-to-llvm: gpu.wait, async tokens) ----------===//

MICROSCALE_CUDA_RUNTIME_EXPORT void *mgpuStreamCreate();
MICROSCALE_CUDA_RUNTIME_EXPORT void mgpuStreamDestroy(void *stream);
MICROSCALE_CUDA_RUNTIME_EXPORT void mgpuStreamSynchronize(void *stream);
MICROSCALE_CUDA_RUNTIME_EXPORT void mgpuStreamWaitEvent(void *stream,
                                                        void *event);
MICROSCALE_CUDA_RUNTIME_EXPORT void *mgpuEventCreate();
MICROSCALE_CUDA_RUNTIME_EXPORT void mgpuEventDestroy(void *event);
MICROSCALE_CUDA_RUNTIME_EXPORT void mgpuEventSynchronize(void *event);
MICROSCALE_CUDA_RUNTIME_EXPORT void mgpuEventRecord(void *event, void *stream);

//===-- Memory (gpu-to-llvm: gpu.alloc, dealloc, memcpy, memset) ----------===//

/// Device memory, or managed memory reachable from the host when
/// `isHostShared` (`gpu.alloc host_shared`). Zero bytes give null.
MICROSCALE_CUDA_RUNTIME_EXPORT void *
mgpuMemAlloc(uint64_t sizeBytes, void *stream, bool isHostShared);
MICROSCALE_CUDA_RUNTIME_EXPORT void mgpuMemFree(void *ptr, void *stream);
/// Any direction: host and device pointers share one unified address space.
MICROSCALE_CUDA_RUNTIME_EXPORT void mgpuMemcpy(void *dst, void *src,
                                               size_t sizeBytes, void *stream);
/// `count` is a number of 16-bit / 32-bit elements, not bytes.
MICROSCALE_CUDA_RUNTIME_EXPORT void mgpuMemset16(void *dst, uint16_t value,
                                                 size_t count, void *stream);
MICROSCALE_CUDA_RUNTIME_EXPORT void mgpuMemset32(void *dst, uint32_t value,
                                                 size_t count, void *stream);

/// Page-locks host memory so the device can access it (`gpu.host_register`).
MICROSCALE_CUDA_RUNTIME_EXPORT void mgpuMemHostRegister(void *ptr,
                                                        uint64_t sizeBytes);
MICROSCALE_CUDA_RUNTIME_EXPORT void mgpuMemHostUnregister(void *ptr);
/// The memref forms take a ranked memref descriptor of `rank` dimensions
/// (the unranked memref's descriptor pointer); the memref must be dense.
MICROSCALE_CUDA_RUNTIME_EXPORT void
mgpuMemHostRegisterMemRef(int64_t rank, void *descriptor,
                          int64_t elementSizeBytes);
MICROSCALE_CUDA_RUNTIME_EXPORT void
mgpuMemHostUnregisterMemRef(int64_t rank, void *descriptor,
                            int64_t elementSizeBytes);

//===-- Devices -----------------------------------------------------------===//

/// Selects the device whose primary context later calls of this thread use.
MICROSCALE_CUDA_RUNTIME_EXPORT void mgpuSetDefaultDevice(int32_t device);

//===-- TMA (convert-nvgpu-to-nvvm: nvgpu.tma.create.descriptor) ----------===//

/// Encodes a tiled CUtensorMap for the ranked memref `descriptor` (rank 1-5)
/// with box extents `boxDims` (outermost first, as in the memref) and returns
/// a device pointer to a copy of it: one copy per distinct map, made at its
/// first request and kept for the life of the process. The enum arguments carry
/// CUtensorMapDataType, CUtensorMapInterleave, CUtensorMapSwizzle,
/// CUtensorMapL2promotion and CUtensorMapFloatOOBfill values.
MICROSCALE_CUDA_RUNTIME_EXPORT void *mgpuTensorMapEncodeTiledMemref(
    int64_t rank, void *descriptor, int64_t dataType, int64_t interleave,
    int64_t swizzle, int64_t l2Promotion, int64_t oobFill, int64_t *boxDims);

} // extern "C"

#endif // MICROSCALE_RUNTIME_CUDARUNTIME_H
