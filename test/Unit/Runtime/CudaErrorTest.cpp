//===- CudaErrorTest.cpp - the runtime's failure messages -----------------===//

#include "CudaError.h"

#include <gtest/gtest.h>

using namespace microscale::runtime;

TEST(CudaErrorTest, NamesCallErrorAndDescription) {
  EXPECT_EQ(formatCudaFailure("cuMemAlloc", 2, "CUDA_ERROR_OUT_OF_MEMORY",
                              "out of memory"),
            "cuMemAlloc failed: CUDA_ERROR_OUT_OF_MEMORY (out of memory)");
}

TEST(CudaErrorTest, UnknownCodeIsShownAsANumber) {
  EXPECT_EQ(formatCudaFailure("cuLaunchKernel", 12345, nullptr, nullptr),
            "cuLaunchKernel failed: CUDA error 12345 (no description from the "
            "driver)");
}

TEST(CudaErrorTest, FatalErrorPrintsPrefixedLineAndExitsWithOne) {
  EXPECT_EXIT(fatalError("cuInit failed: CUDA_ERROR_NO_DEVICE (no "
                         "CUDA-capable device is detected)"),
              testing::ExitedWithCode(1),
              "^microscale-cuda-runtime: cuInit failed: CUDA_ERROR_NO_DEVICE "
              "\\(no CUDA-capable device is detected\\)\n$");
}
