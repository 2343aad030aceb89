//===- LaunchWrappers.cpp - mgpuLaunchKernel, mgpuLaunchClusterKernel -----===//

#include "CudaContext.h"
#include "CudaDriver.h"
#include "CudaError.h"

#include "microscale/Runtime/CudaRuntime.h"

#include <cstdint>
#include <string>

using namespace microscale::runtime;

namespace {

/// The driver takes 32-bit unsigned extents; MLIR passes index values.
unsigned checkedExtent(intptr_t extent, const char *what) {
  if (extent < 1 || extent > static_cast<intptr_t>(UINT32_MAX))
    fatalError(std::string("launch: ") + what + " " + std::to_string(extent) +
               " is outside 1.." + std::to_string(UINT32_MAX));
  return static_cast<unsigned>(extent);
}

/// Dynamic shared memory above the default 48 KiB must be opted into per
/// kernel; more than the device has is a clear error, not a launch failure.
void prepareDynamicSharedMemory(CUfunction function, int32_t smem) {
  if (smem < 0)
    fatalError("launch: negative dynamic shared memory size " +
               std::to_string(smem));
  if (smem == 0)
    return;
  CUdevice device = useDefaultContext();
  int maxOptIn = 0;
  MICROSCALE_CU(cuDeviceGetAttribute, &maxOptIn,
                CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN, device);
  if (smem > maxOptIn)
    fatalError("launch: " + std::to_string(smem) +
               " bytes of dynamic shared memory requested, the device allows "
               "at most " +
               std::to_string(maxOptIn));
  MICROSCALE_CU(cuFuncSetAttribute, function,
                CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, smem);
}

} // namespace

extern "C" void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                                 intptr_t gridZ, intptr_t blockX,
                                 intptr_t blockY, intptr_t blockZ, int32_t smem,
                                 void *stream, void **params, void **extra,
                                 size_t /*paramsCount*/) {
  useDefaultContext();
  auto *kernel = static_cast<CUfunction>(function);
  prepareDynamicSharedMemory(kernel, smem);
  MICROSCALE_CU(cuLaunchKernel, kernel, checkedExtent(gridX, "grid x"),
                checkedExtent(gridY, "grid y"), checkedExtent(gridZ, "grid z"),
                checkedExtent(blockX, "block x"),
                checkedExtent(blockY, "block y"),
                checkedExtent(blockZ, "block z"), static_cast<unsigned>(smem),
                static_cast<CUstream>(stream), params, extra);
}

extern "C" void mgpuLaunchClusterKernel(void *function, intptr_t clusterX,
                                        intptr_t clusterY, intptr_t clusterZ,
                                        intptr_t gridX, intptr_t gridY,
                                        intptr_t gridZ, intptr_t blockX,
                                        intptr_t blockY, intptr_t blockZ,
                                        int32_t smem, void *stream,
                                        void **params, void **extra) {
  useDefaultContext();
  auto *kernel = static_cast<CUfunction>(function);
  prepareDynamicSharedMemory(kernel, smem);

  unsigned cluster[3] = {checkedExtent(clusterX, "cluster x"),
                         checkedExtent(clusterY, "cluster y"),
                         checkedExtent(clusterZ, "cluster z")};
  unsigned grid[3] = {checkedExtent(gridX, "grid x"),
                      checkedExtent(gridY, "grid y"),
                      checkedExtent(gridZ, "grid z")};
  for (int d = 0; d < 3; ++d)
    if (grid[d] % cluster[d] != 0)
      fatalError("launch: grid extent " + std::to_string(grid[d]) +
                 " is not a multiple of cluster extent " +
                 std::to_string(cluster[d]) + " in dimension " +
                 std::string(1, "xyz"[d]));
  // Clusters of more than 8 blocks are "non-portable" and refused unless the
  // kernel allows them.
  if (cluster[0] * cluster[1] * cluster[2] > 8)
    MICROSCALE_CU(cuFuncSetAttribute, kernel,
                  CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED, 1);

  CUlaunchAttribute attribute = {};
  attribute.id = CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION;
  attribute.value.clusterDim.x = cluster[0];
  attribute.value.clusterDim.y = cluster[1];
  attribute.value.clusterDim.z = cluster[2];

  CUlaunchConfig config = {};
  config.gridDimX = grid[0];
  config.gridDimY = grid[1];
  config.gridDimZ = grid[2];
  config.blockDimX = checkedExtent(blockX, "block x");
  config.blockDimY = checkedExtent(blockY, "block y");
  config.blockDimZ = checkedExtent(blockZ, "block z");
  config.sharedMemBytes = static_cast<unsigned>(smem);
  config.hStream = static_cast<CUstream>(stream);
  config.attrs = &attribute;
  config.numAttrs = 1;
  MICROSCALE_CU(cuLaunchKernelEx, &config, kernel, params, extra);
}
