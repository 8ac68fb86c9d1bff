"""Where the demo's candidates come from: shares, the languages they read, their names.

Why a module: origin is *not* a field of the exchange format and never used for matching;
it only drives a candidate's ``languages`` and name, and the name tables are long.

The shares are rounded *assumptions* in the spirit of the BA statistics on refugees in
the basic income support (Statistik der Bundesagentur für Arbeit, "Migrationsmonitor" and
"Geflüchtete Menschen in den Statistiken der BA", which report Ukraine and the eight main
asylum countries Afghanistan, Eritrea, Irak, Iran, Nigeria, Pakistan, Somalia, Syrien):
Ukraine is the largest group (~45 % here), then Syria, Afghanistan, Turkey (a large group
of asylum seekers since 2023), Iraq, Iran, Eritrea, Nigeria, Pakistan, Somalia. Pashto
speakers are given ``fa``, Kurdish speakers from Turkey ``tr``, as letters are sent in
those.

Most adult refugees from Ukraine are women, many with children and the partner still in
Ukraine (IAB-BiB/FReDA-BAMF-SOEP survey of refugees from Ukraine, 2022/23); hence the high
share of women among single Ukrainian candidates (and the single mothers drawn in
``caseload``).

Names are invented combinations of common names; any resemblance to real persons is
coincidental.
"""

from __future__ import annotations

from dataclasses import dataclass

from passgenau.demo.sampling import Weighted, words


@dataclass(frozen=True, slots=True)
class Origin:
    key: str  # ISO 3166 country code, only to tell the origins apart here
    weight: float
    languages: Weighted[tuple[str, ...]]  # ISO 639-1, the first preferred for letters
    english: float  # chance to read English as well
    female_share_single: float
    shared_surname: bool  # spouses share a family name (not where names are patronymic)
    women: tuple[str, ...]
    men: tuple[str, ...]
    surnames: tuple[str, ...]


def _origin(
    key: str,
    weight: float,
    languages: Weighted[tuple[str, ...]],
    english: float,
    female_share_single: float,
    shared_surname: bool,
    names: str,
) -> Origin:
    """``names``: three blank-separated lists (women, men, surnames) split by ``|``."""
    women, men, surnames = (words(part) for part in names.split("|"))
    return Origin(
        key, weight, languages, english, female_share_single, shared_surname, women, men, surnames
    )


ORIGINS: tuple[Origin, ...] = (
    _origin(
        "UA",
        0.45,
        ((("uk", "ru"), 0.45), (("uk",), 0.35), (("ru", "uk"), 0.2)),
        0.3,
        0.72,
        True,
        """
        Olena Iryna Tetiana Nataliia Oksana Yuliia Svitlana Kateryna Anastasiia Mariia
        Viktoriia Halyna Liudmyla Alina Daryna Sofiia Inna Larysa Khrystyna Valentyna |
        Andrii Oleksandr Serhii Dmytro Volodymyr Mykola Ivan Yurii Vasyl Oleh Taras Bohdan
        Maksym Roman Ihor Artem Vitalii Petro Denys Mykhailo |
        Kovalenko Shevchenko Bondarenko Tkachenko Kravchenko Melnyk Boiko Moroz Lysenko
        Marchenko Savchuk Rudenko Petrenko Kuzmenko Pavlenko Polishchuk Tkachuk Levchenko
        Honchar Hnatiuk Ostapchuk Zinchenko Kolesnyk Shevchuk Danylenko Romaniuk Vasylenko
        Oliinyk Karpenko Klymenko""",
    ),
    _origin(
        "SY",
        0.17,
        ((("ar",), 1.0),),
        0.25,
        0.4,
        True,
        """
        Fatima Aya Rania Hala Nour Rasha Lina Sara Yara Mariam Huda Dima Reem Samar Amal |
        Mohammad Ahmad Omar Khaled Mahmoud Ali Hassan Youssef Bilal Samer Rami Fadi Tarek
        Ammar Ibrahim |
        Al-Hassan Haddad Khalil Darwish Al-Ahmad Mansour Saleh Hamdan Nasser Al-Khatib
        Suleiman Othman Hussein Kassem Barakat Aziz Jaber Ismail Hammoud Al-Masri""",
    ),
    _origin(
        "AF",
        0.11,
        ((("fa",), 1.0),),
        0.15,
        0.3,
        True,
        """
        Mariam Zahra Fatima Parwana Shabnam Nilofar Farzana Hadia Sakina Roya Madina Freshta |
        Ahmad Mohammad Ali Reza Hamid Javad Mustafa Sayed Wahid Farid Naweed Elyas Jawad Habib |
        Ahmadi Hosseini Rahimi Sultani Noori Haidari Karimi Mohammadi Rezaie Sadat Azizi Amiri
        Popal Wardak Hakimi Jafari Nazari""",
    ),
    _origin(
        "TR",
        0.07,
        ((("tr",), 1.0),),
        0.2,
        0.35,
        True,
        """
        Ayşe Fatma Elif Zeynep Emine Hatice Merve Büşra Esra Gülsüm Derya |
        Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim Murat Emre Serkan Yusuf Ömer |
        Yılmaz Kaya Demir Şahin Çelik Yıldız Aydın Öztürk Arslan Doğan Kılıç Aslan Çetin Kurt
        Özdemir Koç Polat Erdem""",
    ),
    _origin(
        "IQ",
        0.06,
        ((("ar",), 1.0),),
        0.2,
        0.4,
        True,
        """
        Zainab Noor Sarah Ruqaya Shahad Maryam Duaa Huda Sana Layla |
        Mustafa Hussein Ali Haider Ahmed Karrar Abbas Murtadha Sajjad Omar |
        Al-Jubouri Al-Obaidi Al-Saadi Kadhim Jassim Hamid Abdullah Al-Tamimi Salman Mahdi
        Khalaf Murad Qasim""",
    ),
    _origin(
        "IR",
        0.04,
        ((("fa",), 1.0),),
        0.4,
        0.45,
        True,
        """
        Maryam Fatemeh Zahra Sara Neda Leila Shirin Mahsa Niloofar Parisa Elham |
        Reza Ali Mohammad Hossein Amir Mehdi Arash Behnam Saeed Hamid Kian Omid |
        Mohammadi Hosseini Karimi Rezaei Moradi Ahmadi Jafari Rahimi Kazemi Ebrahimi Sadeghi
        Ghasemi Shirazi Rostami Alavi""",
    ),
    _origin(
        "ER",
        0.03,
        ((("ti",), 1.0),),
        0.25,
        0.4,
        False,
        """
        Senait Helen Luwam Semhar Saba Mebrat Hiwet Yordanos Selam Freweini Rahel |
        Yonas Filmon Merhawi Tesfay Dawit Samuel Robel Biniam Kibrom Henok Mulugeta Efrem |
        Tesfamariam Ghebremedhin Habte Kidane Tekle Weldemichael Berhane Gebreyesus Haile
        Mehari Asmerom Yohannes""",
    ),
    _origin(
        "NG",
        0.025,
        ((("en",), 0.4), (("en", "yo"), 0.25), (("en", "ig"), 0.2), (("en", "ha"), 0.15)),
        0.0,
        0.45,
        True,
        """
        Ngozi Chiamaka Blessing Aisha Funmilayo Adaeze Temitope Grace Amaka Folake Joy |
        Chinedu Emeka Tunde Ibrahim Oluwaseun Chukwuma Samuel Babatunde Ikechukwu Musa Daniel
        Kelechi |
        Okafor Adeyemi Eze Okonkwo Balogun Nwosu Bello Adebayo Ogunleye Chukwu Obi Abubakar
        Okeke Afolabi""",
    ),
    _origin(
        "PK",
        0.025,
        ((("ur", "en"), 1.0),),
        0.0,
        0.3,
        True,
        """
        Ayesha Sana Fatima Hina Zainab Maryam Rabia Saima Nadia Amna |
        Imran Bilal Usman Ali Ahmed Hamza Faisal Kamran Asif Zeeshan Waqas Adnan |
        Khan Ahmed Hussain Malik Iqbal Butt Chaudhry Qureshi Shah Raza Javed Akhtar Sheikh""",
    ),
    _origin(
        "SO",
        0.02,
        ((("so",), 0.75), (("so", "ar"), 0.25)),
        0.25,
        0.45,
        False,
        """
        Hodan Fadumo Asha Ayaan Hawa Sahra Nasra Khadra Faisa Ubah Deeqa |
        Abdirahman Mohamed Abdullahi Hassan Ahmed Abdi Yusuf Omar Mahad Guled Liban Abdiaziz |
        Abdi Warsame Farah Hassan Ali Mohamud Osman Jama Hersi Nur Aden Ismail Egal Duale""",
    ),
)
