// GridHost GPU benchmark: FP16 tensor-core and FP32 matrix-multiply throughput (TFLOPS) and device memory
// bandwidth (GB/s) of every visible GPU, printed as JSON lines (the host parses them:
// src/main/core/benchmark/gpu-benchmark-output.ts).
//
// With cuBLAS (the Docker image always has it) the GEMMs are cuBLAS's: FP16 inputs with FP16 accumulation
// (the "FP16-TC" column of NVIDIA's specifications) and SGEMM. Built where cuBLAS is absent, portable
// kernels stand in (WMMA for FP16, a tiled SGEMM) and the device line says "impl":"portable": their figures
// are lower than the card's real capability and the host does not judge them against the catalogue.
//
// Environment: BENCH_RUNS (repeats of each test, default 3), BENCH_N (matrix size, default 8192).

#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <mma.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#if __has_include(<cublas_v2.h>)
#include <cublas_v2.h>
#define GRIDHOST_CUBLAS 1
#define IMPL "cublas"
#else
#define GRIDHOST_CUBLAS 0
#define IMPL "portable"
#endif

static int g_device = 0;

static bool ok(cudaError_t err, const char *what) {
  if (err == cudaSuccess) return true;
  printf("{\"event\":\"error\",\"index\":%d,\"message\":\"%s: %s\"}\n", g_device, what, cudaGetErrorString(err));
  fflush(stdout);
  return false;
}

static int env_int(const char *name, int fallback, int lo, int hi) {
  const char *v = getenv(name);
  if (!v) return fallback;
  int n = atoi(v);
  return n < lo ? lo : (n > hi ? hi : n);
}

static void progress(const char *test, int run, int runs) {
  printf("{\"event\":\"progress\",\"index\":%d,\"test\":\"%s\",\"run\":%d,\"runs\":%d}\n", g_device, test, run, runs);
  fflush(stdout);
}

static void result(const char *test, int run, double value) {
  printf("{\"event\":\"result\",\"index\":%d,\"test\":\"%s\",\"run\":%d,\"value\":%.3f}\n", g_device, test, run, value);
  fflush(stdout);
}

__global__ void fill_half(__half *p, size_t n, float v) {
  size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
  if (i < n) p[i] = __float2half(v);
}

__global__ void fill_float(float *p, size_t n, float v) {
  size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
  if (i < n) p[i] = v;
}

#if !GRIDHOST_CUBLAS
// One warp per 16x16 output tile, FP16 in, FP16 accumulate (needs compute capability 7.0+).
__global__ void wmma_gemm(const __half *a, const __half *b, __half *c, int n) {
#if __CUDA_ARCH__ >= 700
  using namespace nvcuda;
  int warp_m = (blockIdx.x * blockDim.x + threadIdx.x) / 32;
  int warp_n = blockIdx.y * blockDim.y + threadIdx.y;
  if (warp_m * 16 >= n || warp_n * 16 >= n) return;
  wmma::fragment<wmma::matrix_a, 16, 16, 16, __half, wmma::col_major> fa;
  wmma::fragment<wmma::matrix_b, 16, 16, 16, __half, wmma::col_major> fb;
  wmma::fragment<wmma::accumulator, 16, 16, 16, __half> acc;
  wmma::fill_fragment(acc, __float2half(0.0f));
  for (int k = 0; k < n; k += 16) {
    wmma::load_matrix_sync(fa, a + warp_m * 16 + (size_t)k * n, n);
    wmma::load_matrix_sync(fb, b + k + (size_t)warp_n * 16 * n, n);
    wmma::mma_sync(acc, fa, fb, acc);
  }
  wmma::store_matrix_sync(c + warp_m * 16 + (size_t)warp_n * 16 * n, acc, n, wmma::mem_col_major);
#endif
}

// 64x64 tiles, each thread computes a 4x4 block from shared memory.
__global__ void tiled_sgemm(const float *a, const float *b, float *c, int n) {
  __shared__ float as[16][64];
  __shared__ float bs[16][64];
  int tx = threadIdx.x % 16, ty = threadIdx.x / 16;
  int row0 = blockIdx.y * 64, col0 = blockIdx.x * 64;
  float acc[4][4] = {};
  for (int k0 = 0; k0 < n; k0 += 16) {
    for (int i = threadIdx.x; i < 16 * 64; i += 256) {
      int kk = i / 64, x = i % 64;
      as[kk][x] = a[(size_t)(k0 + kk) * n + row0 + x];
      bs[kk][x] = b[(size_t)(col0 + x) * n + k0 + kk];
    }
    __syncthreads();
    for (int kk = 0; kk < 16; ++kk)
      for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) acc[i][j] += as[kk][ty * 4 + i] * bs[kk][tx * 4 + j];
    __syncthreads();
  }
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) c[(size_t)(col0 + tx * 4 + j) * n + row0 + ty * 4 + i] = acc[i][j];
}
#endif

// Times `iters` launches of `body` and returns seconds per launch.
template <typename F> static double time_per_iter(F body, int iters) {
  cudaEvent_t start, stop;
  cudaEventCreate(&start);
  cudaEventCreate(&stop);
  body();  // warm-up
  cudaEventRecord(start);
  for (int i = 0; i < iters; ++i) body();
  cudaEventRecord(stop);
  cudaEventSynchronize(stop);
  float ms = 0;
  cudaEventElapsedTime(&ms, start, stop);
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  return ms / 1000.0 / iters;
}

static void bench_device(int device, int runs, int n) {
  g_device = device;
  if (!ok(cudaSetDevice(device), "cudaSetDevice")) return;
  cudaDeviceProp prop;
  if (!ok(cudaGetDeviceProperties(&prop, device), "cudaGetDeviceProperties")) return;
  const unsigned char *u = (const unsigned char *)prop.uuid.bytes;
  printf("{\"event\":\"device\",\"index\":%d,\"uuid\":\"GPU-%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x\","
         "\"name\":\"%s\",\"cc\":\"%d.%d\",\"memMiB\":%zu,\"impl\":\"%s\"}\n",
         device, u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15],
         prop.name, prop.major, prop.minor, prop.totalGlobalMem / (1024 * 1024), IMPL);
  fflush(stdout);

  const size_t elems = (size_t)n * n;
  __half *ha = nullptr, *hb = nullptr, *hc = nullptr;
  float *fa = nullptr, *fb = nullptr, *fc = nullptr;
  if (!ok(cudaMalloc(&ha, elems * sizeof(__half)), "cudaMalloc") || !ok(cudaMalloc(&hb, elems * sizeof(__half)), "cudaMalloc") ||
      !ok(cudaMalloc(&hc, elems * sizeof(__half)), "cudaMalloc") || !ok(cudaMalloc(&fa, elems * sizeof(float)), "cudaMalloc") ||
      !ok(cudaMalloc(&fb, elems * sizeof(float)), "cudaMalloc") || !ok(cudaMalloc(&fc, elems * sizeof(float)), "cudaMalloc")) {
    cudaFree(ha); cudaFree(hb); cudaFree(hc); cudaFree(fa); cudaFree(fb); cudaFree(fc);
    return;
  }
  const unsigned blocks = (unsigned)((elems + 255) / 256);
  fill_half<<<blocks, 256>>>(ha, elems, 0.01f);
  fill_half<<<blocks, 256>>>(hb, elems, 0.01f);
  fill_float<<<blocks, 256>>>(fa, elems, 0.01f);
  fill_float<<<blocks, 256>>>(fb, elems, 0.01f);
  if (!ok(cudaDeviceSynchronize(), "fill")) return;
  const double flop = 2.0 * n * (double)n * n;

#if GRIDHOST_CUBLAS
  cublasHandle_t handle;
  if (cublasCreate(&handle) != CUBLAS_STATUS_SUCCESS) {
    printf("{\"event\":\"error\",\"index\":%d,\"message\":\"cublasCreate failed\"}\n", device);
    return;
  }
  const __half h_one = __float2half(1.0f), h_zero = __float2half(0.0f);
  const float f_one = 1.0f, f_zero = 0.0f;
  auto fp16 = [&] {
    cublasGemmEx(handle, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &h_one, ha, CUDA_R_16F, n, hb, CUDA_R_16F, n, &h_zero, hc, CUDA_R_16F, n,
                 CUBLAS_COMPUTE_16F, CUBLAS_GEMM_DEFAULT);
  };
  auto fp32 = [&] { cublasSgemm(handle, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &f_one, fa, n, fb, n, &f_zero, fc, n); };
#else
  const dim3 wmma_block(128, 4), wmma_grid((n / 16 + 3) / 4, (n / 16 + 3) / 4);
  auto fp16 = [&] { wmma_gemm<<<wmma_grid, wmma_block>>>(ha, hb, hc, n); };
  auto fp32 = [&] { tiled_sgemm<<<dim3(n / 64, n / 64), 256>>>(fa, fb, fc, n); };
#endif

  for (int run = 1; run <= runs; ++run) {
    progress("fp16_tensor", run, runs);
    double s = time_per_iter(fp16, 10);
    if (!ok(cudaGetLastError(), "fp16 gemm")) break;
    result("fp16_tensor", run, flop / s / 1e12);
  }
  for (int run = 1; run <= runs; ++run) {
    progress("fp32", run, runs);
    double s = time_per_iter(fp32, 5);
    if (!ok(cudaGetLastError(), "fp32 gemm")) break;
    result("fp32", run, flop / s / 1e12);
  }
  // Device-to-device copy of the FP32 matrices: every byte is read once and written once.
  const size_t bytes = elems * sizeof(float);
  for (int run = 1; run <= runs; ++run) {
    progress("bandwidth", run, runs);
    double s = time_per_iter([&] { cudaMemcpyAsync(fc, fa, bytes, cudaMemcpyDeviceToDevice); }, 20);
    if (!ok(cudaGetLastError(), "copy")) break;
    result("bandwidth", run, 2.0 * bytes / s / 1e9);
  }
#if GRIDHOST_CUBLAS
  cublasDestroy(handle);
#endif
  cudaFree(ha); cudaFree(hb); cudaFree(hc); cudaFree(fa); cudaFree(fb); cudaFree(fc);
}

int main() {
  const int runs = env_int("BENCH_RUNS", 3, 1, 20);
  const int n = env_int("BENCH_N", 8192, 1024, 16384) / 64 * 64;
  int count = 0;
  if (!ok(cudaGetDeviceCount(&count), "cudaGetDeviceCount")) return 2;
  if (count == 0) {
    printf("{\"event\":\"error\",\"message\":\"no CUDA device is visible in the container\"}\n");
    return 2;
  }
  for (int d = 0; d < count; ++d) bench_device(d, runs, n);
  printf("{\"event\":\"done\"}\n");
  return 0;
}
