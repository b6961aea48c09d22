"""The public side of a share link: the server-rendered page, the embeddable player and the files behind them.

Everything here is reached by the token alone, so every view looks the link up again: a revoked link (or a
song no longer there) answers 404 on the page, the embed and every file at once."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from core.exceptions import ApplicationError, NotFoundError
from sharing.models import ShareLink
from sharing.preview import preview_card_png, waveform_bars
from sharing.selectors import link_remixable, share_audio_failed, share_audio_name, share_link_live_get
from sharing.services import share_link_peaks_fill, share_play_record, share_view_record
from songs.state import song_state
from songs.titles import download_filename, song_state_title

SITE_NAME = "Music AI Generator"
PAGE_BARS = 120
EMBED_BARS = 80
EMBED_SIZE = (480, 160)  # the iframe the embed snippet asks for; Twitter's player card uses it too


def _live(token: str) -> ShareLink:
    try:
        return share_link_live_get(token=token)
    except NotFoundError:
        raise Http404 from None


def _private(response: HttpResponse) -> HttpResponse:
    """Share pages and their files never leak the token through Referer, and are re-checked on every load."""
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _minutes(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _song_facts(link: ShareLink) -> dict[str, Any]:
    try:
        score = song_state(link.song, list(link.ops)).score
    except ApplicationError:
        # The shared state no longer folds (an upload its audio track used is gone): nothing to show.
        raise Http404 from None
    song = link.song
    facts = f"{song.mood.capitalize()} {song.genre} in {score.key} {score.mode}, {round(score.tempo)} BPM"
    # The mix as heard (with its release tail) once measured, else the music's own length.
    seconds = link.duration_seconds or score.duration_seconds
    length = _minutes(seconds)
    version = f" (version “{link.version.name}”)" if link.version is not None else ""
    title = song_state_title(song=song, key=score.key, mode=score.mode)
    return {
        "title": title,
        "facts": facts,
        "length": length,
        "description": f"{facts}, {length}{version}. Composed with {SITE_NAME}: listen in your browser.",
        "duration_seconds": seconds,
        "tempo": score.tempo,
        "key": score.key,
        "mode": score.mode,
    }


def _context(request: HttpRequest, link: ShareLink, *, bars: int, width: int, height: int) -> dict[str, Any]:
    token = link.token
    ready = bool(share_audio_name(link=link))
    peaks = share_link_peaks_fill(link=link) if ready else []
    facts = _song_facts(link)  # after the peaks: they measure the length as heard
    # HEAD (link checkers, some crawlers) is answered but not counted as a view.
    view = share_view_record(link=link) if request.method == "GET" else None
    absolute = request.build_absolute_uri
    return {
        "site_name": SITE_NAME,
        "token": token,
        "version_name": link.version.name if link.version is not None else None,
        **facts,
        "ready": ready,
        "failed": share_audio_failed(link=link),
        "page_url": absolute(reverse("share-page", kwargs={"token": token})),
        "embed_url": absolute(reverse("share-embed", kwargs={"token": token})),
        "audio_url": absolute(reverse("share-audio", kwargs={"token": token})),
        "image_url": absolute(reverse("share-preview", kwargs={"token": token})),
        "download_url": reverse("share-download", kwargs={"token": token}) if link.allow_download else None,
        "play_url": reverse("share-play", kwargs={"token": token}),
        # A remix hands over the audio: offered only where the owner allowed both.
        "remix_url": reverse("share-remix", kwargs={"token": token}) if link_remixable(link=link) else None,
        "view_id": str(view.pk) if view is not None else "",
        "bars": waveform_bars(peaks, count=bars, width=width, height=height),
        "bar_width": round(width / bars * 0.62, 2),
        "wave_width": width,
        "wave_height": height,
        "embed_width": EMBED_SIZE[0],
        "embed_height": EMBED_SIZE[1],
        "signed_in": request.user.is_authenticated,
    }


def _gone(request: HttpRequest, template: str) -> HttpResponse:
    """A revoked, unknown or broken link: a page that says so, still a 404 for crawlers and link checkers."""
    return _private(render(request, template, {"site_name": SITE_NAME}, status=404))


@require_safe
def share_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        context = _context(request, _live(token), bars=PAGE_BARS, width=960, height=120)
    except Http404:
        return _gone(request, "sharing/gone.html")
    if request.user.is_authenticated:
        get_token(request)  # the remix button posts with the CSRF cookie
    return _private(render(request, "sharing/page.html", context))


@require_safe
@xframe_options_exempt
def share_embed(request: HttpRequest, token: str) -> HttpResponse:
    """The compact player for an <iframe> on other sites: the only page here that may be framed (a gone
    link's card too, so the site shows it instead of a broken frame)."""
    try:
        context = _context(request, _live(token), bars=EMBED_BARS, width=440, height=48)
    except Http404:
        return _gone(request, "sharing/embed_gone.html")
    response = render(request, "sharing/embed.html", context)
    return _private(response)  # core.csp lets a page exempt from X-Frame-Options be framed anywhere


_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def _audio_response(request: HttpRequest, link: ShareLink, *, attachment: bool) -> HttpResponse:
    """The shared MP3; byte ranges are answered too, so players can seek without fetching it all."""
    name = share_audio_name(link=link)
    if not name:
        raise Http404
    facts = _song_facts(link)
    filename = download_filename(
        title=facts["title"],
        tempo=facts["tempo"],
        key=facts["key"],
        mode=facts["mode"],
        fmt=link.export.format if link.export else "",
        extension="mp3",
    )
    wanted = _RANGE.fullmatch(request.headers.get("Range", "").strip())
    response: HttpResponse
    if wanted is None or attachment or not (wanted[1] or wanted[2]):
        response = FileResponse(
            default_storage.open(name, "rb"),
            as_attachment=attachment,
            filename=filename,
            content_type="audio/mpeg",
        )
    else:
        size = default_storage.size(name)
        if wanted[1]:
            start, end = int(wanted[1]), min(int(wanted[2]) if wanted[2] else size - 1, size - 1)
        else:
            start, end = max(0, size - int(wanted[2])), size - 1
        if start > end:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return _private(response)
        with default_storage.open(name, "rb") as stored:
            stored.seek(start)
            response = HttpResponse(stored.read(end - start + 1), status=206, content_type="audio/mpeg")
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Disposition"] = content_disposition_header(False, filename) or "inline"
    response["Accept-Ranges"] = "bytes"
    return _private(response)


@require_safe
def share_audio(request: HttpRequest, token: str) -> HttpResponse:
    return _audio_response(request, _live(token), attachment=False)


@require_safe
def share_download(request: HttpRequest, token: str) -> HttpResponse:
    link = _live(token)
    if not link.allow_download:
        raise Http404
    return _audio_response(request, link, attachment=True)


@require_safe
def share_preview(request: HttpRequest, token: str) -> HttpResponse:
    """The preview card image that og:image and twitter:image point at."""
    link = _live(token)
    peaks = share_link_peaks_fill(link=link) if share_audio_name(link=link) else []
    facts = _song_facts(link)
    png = preview_card_png(
        title=facts["title"], subtitle=f"{facts['facts']} · {facts['length']}", peaks=peaks
    )
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = 'inline; filename="preview.png"'
    return _private(response)


@csrf_exempt  # anonymous listeners; the page view's id, issued with the page, is what makes a play count
@require_POST
def share_play(request: HttpRequest, token: str) -> HttpResponse:
    link = _live(token)
    try:
        view_id = uuid.UUID(request.POST.get("view", ""))
    except ValueError:
        return _private(JsonResponse({"message": "Send the page view's id as 'view'."}, status=400))
    counted = share_play_record(link=link, view_id=view_id)
    return _private(JsonResponse({"counted": counted}))
