// SPDX-License-Identifier: MIT
// k-means and nearest neighbours (FAISS) on real MNIST images, checked against brute force in LibTorch.
#include "core/error.h"
#include "core/geometry/vector_search.h"
#include "test_support.h"
#include "tests/test_main.h"

namespace tst_vector_search {

using namespace lada;

namespace {

/** The first `n` MNIST sample images as float [n, 784] in [0, 1], with their labels. */
std::pair<torch::Tensor, torch::Tensor> mnistPoints(int perClass)
{
    const Dataset d = test::mnistSample(perClass);
    return {d.images.flatten(1).to(torch::kFloat) / 255.0, d.labels};
}

}  // namespace

class TestVectorSearch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        if (!haveVectorSearch())
            QSKIP("built without FAISS");
    }
    void nearestNeighboursMatchBruteForce()
    {
        const torch::Tensor x = mnistPoints(30).first;  // 300 images
        const Neighbours nn = nearestNeighbours(x, 5);
        QCOMPARE(nn.index.size(0), x.size(0));
        QCOMPARE(nn.index.size(1), 5);
        torch::Tensor d = torch::cdist(x, x).pow(2);
        d.fill_diagonal_(std::numeric_limits<float>::infinity());
        const auto [dist, idx] = d.topk(5, 1, /*largest=*/false);
        // Same distances (ties may order the indices differently); never the point itself.
        QVERIFY(torch::allclose(nn.distance, dist, 1e-3, 1e-2));
        QVERIFY(!nn.index.eq(torch::arange(x.size(0)).unsqueeze(1)).any().item<bool>());
        QVERIFY(nn.index.eq(idx).to(torch::kFloat).mean().item<double>() > 0.99);
    }
    void nearestOfFindsTheCopy()
    {
        const torch::Tensor x = mnistPoints(10).first;  // 100 images
        const torch::Tensor q = x.index_select(0, torch::tensor({42, 7, 99}, torch::kInt64));
        const Neighbours r = nearestOf(q, x);
        QCOMPARE(r.index.squeeze(1)[0].item<int64_t>(), 42);
        QCOMPARE(r.index.squeeze(1)[1].item<int64_t>(), 7);
        QCOMPARE(r.index.squeeze(1)[2].item<int64_t>(), 99);
        QVERIFY(r.distance.abs().max().item<float>() < 1e-4f);
    }
    void kmeansGroupsDigitsAndIsSeeded()
    {
        const auto [x, y] = mnistPoints(50);
        const torch::Tensor keep = (y == 0) | (y == 1);
        const torch::Tensor rows = keep.nonzero().squeeze(1);
        const torch::Tensor pts = x.index_select(0, rows), labels = y.index_select(0, rows);
        const KMeansResult a = kmeans(pts, 2, 20, 3), b = kmeans(pts, 2, 20, 3);
        QVERIFY(torch::equal(a.centroids, b.centroids));
        QCOMPARE(a.centroids.size(0), 2);
        QCOMPARE(a.centroids.size(1), 784);
        // Zeros and ones are far apart in pixel space: the clusters are the classes (up to naming).
        const double agree = a.assignment.eq(labels).to(torch::kFloat).mean().item<double>();
        qInfo("k-means on 0s and 1s: %.3f agree with the labels", std::max(agree, 1.0 - agree));
        QVERIFY(std::max(agree, 1.0 - agree) > 0.95);
    }
    void refusesImpossibleRequests()
    {
        const torch::Tensor x = torch::rand({4, 3});
        QVERIFY_THROWS_EXCEPTION(Error, kmeans(x, 5, 10, 1));
        QVERIFY_THROWS_EXCEPTION(Error, nearestNeighbours(x, 4));
        QVERIFY_THROWS_EXCEPTION(Error, nearestOf(x, torch::empty({0, 3})));
        QVERIFY_THROWS_EXCEPTION(Error, kmeans(torch::rand({4}), 1, 10, 1));
    }
};

LADA_TEST_GUILESS_MAIN(TestVectorSearch)
}  // namespace tst_vector_search
#include "tst_vector_search.moc"
