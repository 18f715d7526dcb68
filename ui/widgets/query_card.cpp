// SPDX-License-Identifier: MIT
#include "ui/widgets/query_card.h"

#include "ui/widgets/beta_density_view.h"
#include "ui/widgets/pixel_image_view.h"

#include <QGridLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QSlider>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

#include <cmath>

namespace lada::ui {

namespace {

QString number(double v, int digits = 2)
{
    return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'f', digits);
}

}  // namespace

QueryCard::QueryCard(int index, const QueryView& query, const QStringList& classNames, QWidget* parent)
    : QFrame(parent)
    , m_index(index)
    , m_query(query)
    , m_classNames(classNames)
{
    setFrameShape(QFrame::StyledPanel);
    setToolTip(tr("Click an image to choose it; a digit key labels it, S skips it.\n"
                  "Arrow keys and Tab move between images and cards."));
    auto* layout = new QGridLayout(this);
    m_grid = layout;
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(3);
    const bool pair = query.images.size() == 2;
    int column = 0;
    for (const QueryImage& image : query.images) {
        auto* view = new PixelImageView(this);
        view->setImage(toQImage(image.pixels, image.channels, image.height, image.width));
        view->setToolTip(
            QStringLiteral("%1\n%2").arg(toQ(image.path), tr("Double-click or Space: the image at full size")));
        view->setPixelArtMinimumSize({84, 84});
        auto* caption = new QLabel(predictionText(image), this);
        caption->setTextFormat(Qt::RichText);
        auto* answer = new QLabel(tr("<b>?</b>"), this);
        answer->setAlignment(Qt::AlignCenter);
        answer->setToolTip(tr("The label given to this image (? while unanswered)"));
        caption->setToolTip(tr("The model's top classes with their probabilities, and the entropy H in bits"));
        layout->addWidget(view, 0, column);
        layout->addWidget(answer, 1, column);
        layout->addWidget(caption, 2, column);
        m_views.push_back(view);
        m_answers.push_back(answer);
        ++column;
    }
    if (pair) {
        auto* side = new QVBoxLayout;
        m_side = side;
        auto* info = new QLabel(tr("τ* = <b>%1</b><br>virtual H̄ = %2 bits<br>score (Eq. 13) = %3")
                                    .arg(number(query.tau, 3), number(query.virtualEntropy), number(query.score)),
                                this);
        info->setTextFormat(Qt::RichText);
        info->setToolTip(tr("τ*: the mixing policy's Beta(τ*, τ*) parameter for this pair; H̄: the mean entropy of\n"
                            "its virtual instances; score: the pair's acquisition score (Eq. 13)"));
        side->addWidget(info);
        m_density = new BetaDensityView(this);
        m_density->setToolTip(tr("The density of λ ~ Beta(τ*, τ*) with the λ samples drawn for this pair"));
        m_density->setPolicy(query.tau, query.lambdas);
        side->addWidget(m_density);
        m_lambda = new QSlider(Qt::Horizontal, this);
        m_lambda->setRange(0, 100);
        m_lambda->setValue(50);
        m_lambda->setToolTip(tr("λ of the virtual instance λ·x + (1−λ)·x' to inspect; the marks on the density are\n"
                                "the λ samples the policy drew from Beta(τ*, τ*)"));
        m_lambdaLabel = new QLabel(tr("λ = 0.50 (drag to inspect)"), this);
        side->addWidget(m_lambdaLabel);
        side->addWidget(m_lambda);
        layout->addLayout(side, 0, column, 3, 1);
        m_mixView = new PixelImageView(this);
        m_mixView->setObjectName(QStringLiteral("mixView"));
        m_mixView->setPixelArtMinimumSize({64, 64});
        m_mixView->setToolTip(tr("The input-level mix λ·x + (1−λ)·x' at the slider's λ"));
        m_mixText = new QLabel(this);
        m_mixText->setObjectName(QStringLiteral("mixText"));
        m_mixText->setTextFormat(Qt::RichText);
        m_mixColumn = column + 1;
        layout->addWidget(m_mixView, 0, m_mixColumn);
        layout->addWidget(m_mixText, 1, m_mixColumn, 2, 1);
        // Debounced: a drag emits dozens of values, the worker needs only the one the slider rests on.
        auto* debounce = new QTimer(this);
        debounce->setSingleShot(true);
        debounce->setInterval(60);
        connect(debounce, &QTimer::timeout, this,
                [this] { Q_EMIT inspectRequested(m_index, m_lambda->value() / 100.0); });
        connect(m_lambda, &QSlider::valueChanged, this, [this, debounce](int v) {
            m_lambdaLabel->setText(tr("λ = %1").arg(v / 100.0, 0, 'f', 2));
            m_density->setMarker(v / 100.0);
            debounce->start();
        });
    } else if (!query.reason.empty() || !std::isnan(query.score)) {
        // Why the strategy chose it (computed in core), else its score.
        auto* info = new QLabel(query.reason.empty() ? tr("score %1").arg(number(query.score, 3))
                                                     : QString::fromStdString(query.reason),
                                this);
        info->setWordWrap(true);
        info->setToolTip(tr("Why the acquisition function chose this image"));
        layout->addWidget(info, 3, 0);
    }
}

QString QueryCard::className(int label) const
{
    return label >= 0 && label < m_classNames.size() ? m_classNames[label] : QString::number(label);
}

QString QueryCard::predictionText(const QueryImage& image) const
{
    QStringList lines;
    for (size_t i = 0; i < image.topClasses.size(); ++i)
        lines << QStringLiteral("%1 <small>%2</small>")
                     .arg(className(image.topClasses[i]).toHtmlEscaped())
                     .arg(image.topProbabilities[i], 0, 'f', 2);
    if (!std::isnan(image.entropy))
        lines << tr("H = %1 bits").arg(number(image.entropy));
    return lines.join(QStringLiteral("<br>"));
}

bool QueryCard::holds(qint64 row) const
{
    return std::any_of(m_query.images.begin(), m_query.images.end(),
                       [row](const QueryImage& i) { return i.row == row; });
}

void QueryCard::setAnswer(qint64 row, int label, bool pending)
{
    for (size_t i = 0; i < m_query.images.size(); ++i) {
        if (m_query.images[i].row != row)
            continue;
        if (label == -2)
            m_answers[i]->setText(tr("<b>?</b>"));
        else if (pending)
            m_answers[i]->setText(tr("<span style='color:#888'>%1 (saving…)</span>")
                                      .arg(label < 0 ? tr("skipped") : className(label).toHtmlEscaped()));
        else if (label < 0)
            m_answers[i]->setText(tr("<span style='color:#a60'>skipped</span>"));
        else
            m_answers[i]->setText(tr("<b style='color:#070'>%1</b>").arg(className(label).toHtmlEscaped()));
    }
}

void QueryCard::setFocusedRow(qint64 row)
{
    for (size_t i = 0; i < m_query.images.size(); ++i)
        m_views[i]->setFrameColor(m_query.images[i].row == row ? QColor(30, 120, 230) : QColor());
    const bool focused = row >= 0 && holds(row);
    if (focused != m_cardFocused) {
        m_cardFocused = focused;
        update();
    }
}

void QueryCard::paintEvent(QPaintEvent* event)
{
    QFrame::paintEvent(event);
    if (!m_cardFocused)
        return;
    // The card the keys act on: a frame in the image highlight's blue, seen at a glance among the others.
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(QColor(30, 120, 230), 2.0));
    painter.setBrush(Qt::NoBrush);
    painter.drawRoundedRect(QRectF(rect()).adjusted(1, 1, -1, -1), 4, 4);
}

QString QueryCard::mixedWhat() const
{
    // Core mixes the backbone's embeddings at k = 0 and the head's hidden layer at k = 1 (session_views.h).
    return m_mixLayer >= 1 ? tr("the two photos' hidden features in the head (k = %1)").arg(m_mixLayer)
                           : tr("the two photos' embeddings");
}

void QueryCard::showInspection(const VirtualInspection& inspection)
{
    if (!m_mixView || inspection.query != m_index)
        return;
    if (inspection.embeddingMix && !m_textOnlyMix) {
        // There are no mixed pixels: the sentence takes the image's place rather than leave an empty box.
        m_textOnlyMix = true;
        m_mixView->hide();
        // Under the policy column, wrapped: a fourth column would push two photos' card past the view.
        m_grid->removeWidget(m_mixText);
        m_side->addWidget(m_mixText);
        m_mixText->setWordWrap(true);
        m_mixText->setMaximumWidth(180);
        m_lambda->setToolTip(tr("λ of the virtual instance λ·e + (1−λ)·e' of %1").arg(mixedWhat()));
    }
    if (!inspection.embeddingMix)
        m_mixView->setImage(toQImage(inspection.mixedPixels, inspection.channels, inspection.height, inspection.width));
    // The classes the model predicts for the mix (the feature map at layer k, or the mixed embedding), best first.
    const std::vector<float>& p = inspection.featureMix;
    std::vector<int> order(p.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = static_cast<int>(i);
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return p[static_cast<size_t>(a)] > p[static_cast<size_t>(b)]; });
    const QString lambda = QString::number(inspection.lambda, 'f', 2);
    QStringList lines{
        inspection.embeddingMix
            ? tr("<i>mixed: %1 at λ = %2 (no pixels to show)</i>").arg(mixedWhat().toHtmlEscaped(), lambda)
            : tr("<i>feature mix, λ=%1</i>").arg(lambda)};
    QStringList all;
    for (size_t i = 0; i < order.size(); ++i) {
        const QString line =
            QStringLiteral("%1 <small>%2</small>")
                .arg(className(order[i]).toHtmlEscaped(), QString::number(p[static_cast<size_t>(order[i])], 'f', 2));
        if (i < 3)
            lines << line;
        all << line;
    }
    m_mixText->setText(lines.join(QStringLiteral("<br>")));
    // Beyond three classes the whole distribution is a hover away.
    m_mixText->setToolTip(order.size() > 3 ? all.join(QStringLiteral("<br>")) : QString());
}

qint64 QueryCard::rowAt(const QPoint& point) const
{
    for (size_t i = 0; i < m_views.size(); ++i)
        if (m_views[i]->geometry().contains(point))
            return m_query.images[i].row;
    return -1;
}

void QueryCard::mousePressEvent(QMouseEvent* event)
{
    const qint64 row = rowAt(event->position().toPoint());
    if (row >= 0)
        Q_EMIT imageClicked(row);
    QFrame::mousePressEvent(event);
}

void QueryCard::mouseDoubleClickEvent(QMouseEvent* event)
{
    // Not QFrame's: it would deliver the double-click as a second press (the press before it focused the image).
    const qint64 row = rowAt(event->position().toPoint());
    if (row >= 0)
        Q_EMIT imageDoubleClicked(row);
    event->accept();
}

}  // namespace lada::ui
