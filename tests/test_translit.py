from newsloom.translit import name_key, skeleton


def test_one_skeleton_across_scripts():
    assert skeleton("Тоқаев") == skeleton("توقاييف") == skeleton("تاکایف") == skeleton("Tokayev")
    assert skeleton("Пашинян") == skeleton("باشينيان") == skeleton("پاشینیان") == skeleton("Pashinyan")
    assert skeleton("Жомарт") == skeleton("جومارت") == skeleton("ژومارت")


def test_different_names_differ():
    assert skeleton("Тоқаев") != skeleton("Пашинян")
    assert name_key("Қасым-Жомарт Тоқаев") == name_key("قاسم جومارت توقاييف")
