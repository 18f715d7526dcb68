// SPDX-License-Identifier: MIT
#pragma once

#include "ui/worker/worker_types.h"

#include <QFrame>

class QGridLayout;
class QVBoxLayout;
class QLabel;
class QSlider;

namespace lada::ui {

class BetaDensityView;
class PixelImageView;

/**
 * One proposal of a round: a single image with its score, or a LADA pair with H(x_i), H(x'_i), the mean
 * entropy of its virtual instances, tau* with its Beta density, and a lambda slider that asks the worker
 * for the virtual instance at that lambda.
 */
class QueryCard : public QFrame {
    Q_OBJECT
public:
    QueryCard(int index, const QueryView& query, const QStringList& classNames, QWidget* parent = nullptr);

    int index() const { return m_index; }
    const QueryView& query() const { return m_query; }
    bool holds(qint64 row) const;
    /**
     * Shows the oracle's answer for `row` (label index, or -1 skipped); -2 clears it (undo). A `pending`
     * answer is shown greyed with "saving…" until the worker has journaled it.
     */
    void setAnswer(qint64 row, int label, bool pending = false);
    /**
     * Highlights the image of `row` as the one the next key press labels (-1: none), and frames the whole
     * card when it holds that image.
     */
    void setFocusedRow(qint64 row);
    /** Whether the card holds the focused image (and is drawn framed). */
    bool isCardFocused() const { return m_cardFocused; }
    /** The round's mixing layer k (RoundCards::mixLayer), for saying what an embedding mix mixes. */
    void setMixLayer(int k) { m_mixLayer = k; }
    /**
     * Shows the worker's mix at the slider's lambda: the mixed input, or for a pool held as backbone
     * embeddings (no mixed pixels) what was mixed in words with the mix's class distribution.
     */
    void showInspection(const VirtualInspection& inspection);

Q_SIGNALS:
    void inspectRequested(int query, double lambda);
    void imageClicked(qint64 row);
    /** A double-click on the image of `row`: it asks to be seen at full size. */
    void imageDoubleClicked(qint64 row);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    QString predictionText(const QueryImage& image) const;
    QString className(int label) const;
    /** The dataset row of the image under `point` (card coordinates), -1 for none. */
    qint64 rowAt(const QPoint& point) const;
    QString mixedWhat() const;

    int m_index;
    QueryView m_query;
    QStringList m_classNames;
    std::vector<PixelImageView*> m_views;
    std::vector<QLabel*> m_answers;
    BetaDensityView* m_density = nullptr;
    QSlider* m_lambda = nullptr;
    QLabel* m_lambdaLabel = nullptr;
    PixelImageView* m_mixView = nullptr;
    QLabel* m_mixText = nullptr;
    QGridLayout* m_grid = nullptr;
    int m_mixColumn = -1;
    QVBoxLayout* m_side = nullptr;  ///< a pair's policy column: τ*, the Beta density, the λ slider
    int m_mixLayer = -1;
    bool m_textOnlyMix = false;  ///< the mix text has taken the mix view's place (an embedding mix)
    bool m_cardFocused = false;
};

}  // namespace lada::ui
