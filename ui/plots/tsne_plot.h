// SPDX-License-Identifier: MIT
#pragma once

#include "ui/plots/plot_base.h"
#include "ui/worker/worker_types.h"

namespace lada::ui {

/**
 * The t-SNE view of penultimate-layer features: a pool sample in grey, labeled images coloured by
 * class, this round's queried images as stars and their virtual instances as crosses on the line
 * joining each pair (at the lambda samples).
 */
class TsnePlot : public PlotBase {
    Q_OBJECT
public:
    explicit TsnePlot(QWidget* parent = nullptr);

    void setClassNames(const QStringList& names) { m_classNames = names; }
    void showEmbedding(const EmbeddingView& view);
    int shownRound() const { return m_round; }

private:
    QStringList m_classNames;
    int m_round = -1;
};

}  // namespace lada::ui
