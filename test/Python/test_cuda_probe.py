"""lit's `cuda-gpu` probe (test/cuda_probe.py): a usable GPU only when the
driver initialises and reports a device; never an exception."""

import os
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
import cuda_probe  # noqa: E402

FAKE_ENV = "MICROSCALE_FAKE_CUDA_DRIVER"


def test_missing_driver_is_no_gpu():
    assert cuda_probe.has_usable_gpu("libmicroscale-no-such-driver.so.1") is False


@pytest.fixture
def fake_driver():
    path = os.environ.get(FAKE_ENV)
    if not path:
        pytest.skip(f"{FAKE_ENV} is not set (run through ctest)")
    return path


def test_driver_with_a_device_is_a_gpu(fake_driver, monkeypatch):
    monkeypatch.delenv("MICROSCALE_FAKE_CUDA_FAILURE", raising=False)
    assert cuda_probe.has_usable_gpu(fake_driver) is True


def test_failing_cuinit_is_no_gpu(fake_driver, monkeypatch):
    monkeypatch.setenv("MICROSCALE_FAKE_CUDA_FAILURE", "cuInit")
    assert cuda_probe.has_usable_gpu(fake_driver) is False
