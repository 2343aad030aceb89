//===- StreamWrappers.cpp - mgpuStream*, mgpuEvent* -----------------------===//

#include "CudaContext.h"
#include "CudaDriver.h"

#include "microscale/Runtime/CudaRuntime.h"

using namespace microscale::runtime;

namespace {
CUstream asStream(void *stream) { return static_cast<CUstream>(stream); }
CUevent asEvent(void *event) { return static_cast<CUevent>(event); }
} // namespace

extern "C" void *mgpuStreamCreate() {
  useDefaultContext();
  CUstream stream = nullptr;
  // Non-blocking: no implicit synchronisation with the legacy null stream,
  // ordering comes only from the async tokens lowered to events.
  MICROSCALE_CU(cuStreamCreate, &stream, CU_STREAM_NON_BLOCKING);
  return stream;
}

extern "C" void mgpuStreamDestroy(void *stream) {
  useDefaultContext();
  MICROSCALE_CU(cuStreamDestroy, asStream(stream));
}

extern "C" void mgpuStreamSynchronize(void *stream) {
  useDefaultContext();
  MICROSCALE_CU(cuStreamSynchronize, asStream(stream));
}

extern "C" void mgpuStreamWaitEvent(void *stream, void *event) {
  useDefaultContext();
  MICROSCALE_CU(cuStreamWaitEvent, asStream(stream), asEvent(event),
                /*Flags=*/0);
}

extern "C" void *mgpuEventCreate() {
  useDefaultContext();
  CUevent event = nullptr;
  // Only used for ordering: timing would only slow them down.
  MICROSCALE_CU(cuEventCreate, &event, CU_EVENT_DISABLE_TIMING);
  return event;
}

extern "C" void mgpuEventDestroy(void *event) {
  useDefaultContext();
  MICROSCALE_CU(cuEventDestroy, asEvent(event));
}

extern "C" void mgpuEventSynchronize(void *event) {
  useDefaultContext();
  MICROSCALE_CU(cuEventSynchronize, asEvent(event));
}

extern "C" void mgpuEventRecord(void *event, void *stream) {
  useDefaultContext();
  MICROSCALE_CU(cuEventRecord, asEvent(event), asStream(stream));
}
