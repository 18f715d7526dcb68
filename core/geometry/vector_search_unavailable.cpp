// SPDX-License-Identifier: MIT
// A build without FAISS (cmake -DLADA_WITH_FAISS=OFF, e.g. a machine with LibTorch only): the strategies
// and the map that need k-means or nearest neighbours refuse with this message.
#include "core/error.h"
#include "core/geometry/vector_search.h"

namespace lada {

namespace {
[[noreturn]] void unavailable()
{
    throw ConfigError("this build has no FAISS (k-means, nearest neighbours): rebuild with libfaiss-dev installed "
                      "and -DLADA_WITH_FAISS=ON");
}
}  // namespace

bool haveVectorSearch()
{
    return false;
}
KMeansResult kmeans(const torch::Tensor&, int64_t, int, uint64_t)
{
    unavailable();
}
Neighbours nearestNeighbours(const torch::Tensor&, int64_t)
{
    unavailable();
}
Neighbours nearestOf(const torch::Tensor&, const torch::Tensor&)
{
    unavailable();
}

}  // namespace lada
