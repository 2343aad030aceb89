//===- DriverLoadTest.cpp - opening the driver, reporting its errors ------===//
//
// Uses the driver double (FakeCudaDriver.cpp): no GPU or driver needed. The
// process-wide table (driver()) is only touched inside death tests, whose
// child process sets MICROSCALE_CUDA_DRIVER first.
//
//===----------------------------------------------------------------------===//

#include "CudaDriver.h"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace microscale::runtime;

TEST(DriverLoadTest, MissingLibraryIsReportedNotFatal) {
  DriverApi api;
  std::string error;
  EXPECT_FALSE(loadDriverApi("libmicroscale-no-such-driver.so.1", api, error));
  EXPECT_NE(error.find("libmicroscale-no-such-driver.so.1"), std::string::npos)
      << error;
  EXPECT_EQ(api.cuInit, nullptr);
}

TEST(DriverLoadTest, ResolvesVersionedSymbolsAndLeavesMissingOnesNull) {
  DriverApi api;
  std::string error;
  ASSERT_TRUE(loadDriverApi(MICROSCALE_FAKE_CUDA_DRIVER, api, error)) << error;
  EXPECT_NE(api.cuInit, nullptr);
  // cuda.h maps these onto cuMemAlloc_v2 and cuStreamDestroy_v2, the only
  // names the double exports.
  EXPECT_NE(api.cuMemAlloc, nullptr);
  EXPECT_NE(api.cuStreamDestroy, nullptr);
  // The double leaves these out on purpose.
  EXPECT_EQ(api.cuLaunchKernelEx, nullptr);
  EXPECT_EQ(api.cuTensorMapEncodeTiled, nullptr);

  CUdeviceptr ptr = 0;
  EXPECT_EQ(api.cuMemAlloc(&ptr, 64), CUDA_SUCCESS);
  EXPECT_NE(ptr, 0u);
  EXPECT_EQ(api.cuMemFree(ptr), CUDA_SUCCESS);
}

TEST(DriverLoadTest, NoDriverEndsTheProcessWithAClearMessage) {
  EXPECT_EXIT(
      {
        setenv("MICROSCALE_CUDA_DRIVER", "libmicroscale-no-such-driver.so.1",
               1);
        driver();
      },
      testing::ExitedWithCode(1),
      "^microscale-cuda-runtime: no CUDA driver "
      "\\(libmicroscale-no-such-driver.so.1: .*\\)\n$");
}

TEST(DriverLoadTest, FailedCallIsReportedWithTheDriversNames) {
  EXPECT_EXIT(
      {
        setenv("MICROSCALE_CUDA_DRIVER", MICROSCALE_FAKE_CUDA_DRIVER, 1);
        checkCuda(CUDA_ERROR_OUT_OF_MEMORY, "cuMemAlloc");
      },
      testing::ExitedWithCode(1),
      "^microscale-cuda-runtime: cuMemAlloc failed: CUDA_ERROR_OUT_OF_MEMORY "
      "\\(out of memory\\)\n$");
}

TEST(DriverLoadTest, SuccessIsSilent) {
  // CUDA_SUCCESS returns before the driver is even needed.
  checkCuda(CUDA_SUCCESS, "cuInit");
  SUCCEED();
}

TEST(DriverLoadTest, MissingEntryPointIsNamed) {
  EXPECT_EXIT(
      {
        setenv("MICROSCALE_CUDA_DRIVER", MICROSCALE_FAKE_CUDA_DRIVER, 1);
        CUlaunchConfig config = {};
        MICROSCALE_CU(cuLaunchKernelEx, &config, nullptr, nullptr, nullptr);
      },
      testing::ExitedWithCode(1),
      "^microscale-cuda-runtime: the CUDA driver has no cuLaunchKernelEx");
}
