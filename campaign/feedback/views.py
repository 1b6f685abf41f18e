"""The public pages of 意见建议: sending one (no sign-in), and reading its answer by the private
link the sender was given."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from campaign.feedback.forms import OpinionForm
from campaign.feedback.limits import check_send_allowed
from campaign.feedback.models import Category, Opinion
from campaign.feedback.services import opinion_send


@require_http_methods(["GET", "HEAD", "POST"])
def send(request):
    # `?category=personal_data`: the privacy page's link to ask for a copy, correction or deletion.
    chosen = request.GET.get("category")
    initial = {"category": chosen} if chosen in Category.values else {}
    form = OpinionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        # Every send counts, refused ones too: a robot trying again and again is what it stops.
        wait = check_send_allowed(request)
        if wait is not None:
            response = render(request, "feedback/limited.html", {"minutes": -(-wait // 60)})
            response.status_code = 429
            response["Retry-After"] = str(wait)
            return response
        if form.is_valid():
            _opinion, token = opinion_send(
                category=form.cleaned_data["category"],
                text=form.cleaned_data["text"],
                contact=form.cleaned_data["contact"],
            )
            messages.success(
                request,
                _(
                    "Thank you: your message was sent. Keep the address of this page (bookmark "
                    "it or copy the link below): it is the only way to read the answer."
                ),
            )
            return redirect("feedback:reply", token=token)
    return render(request, "feedback/send.html", {"form": form})


def reply(request, token: str):
    """The opinion, its status and answer: only for whoever holds the link (else 404, the same
    for a wrong token as for none, so nothing tells whether an opinion exists)."""
    opinion = Opinion.objects.by_token(token).first()
    if opinion is None:
        raise Http404("No such opinion.")
    response = render(
        request,
        "feedback/reply.html",
        {"opinion": opinion, "link": request.build_absolute_uri()},
    )
    # The link is the key: not kept by caches, not sent on to other pages, not indexed.
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
